//! The secretariat's convergence report (`concord report`): overview, contested elements
//! with the competing amendments side by side, converging elements with what was taken
//! up, agreed elements briefly, the delegations table and the process at a glance. As
//! Markdown, one self-contained HTML page, or JSON carrying the whole analysis. The
//! wording shared by all three is in [`words`].

pub mod html;
pub mod json;
pub mod markdown;
pub mod words;
