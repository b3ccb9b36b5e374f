//! The negotiation folder format: the files, their serde types, loading, validation
//! and the diagnostics `concord check` prints. Every command reads drafts through
//! [`load`].

pub mod anchor;
pub mod block;
pub mod diag;
pub mod files;
mod load;
pub mod model;
pub mod names;
pub mod raw;
pub mod yaml;

pub use diag::{Diagnostic, Diagnostics, Severity};
pub use load::{Loaded, is_date, is_element_id, is_revision_id, load};
pub use model::*;
