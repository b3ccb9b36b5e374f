//! Who negotiates: the delegations and groups of every simulated negotiation, and how a
//! proposer and the supporters and opponents of an amendment are drawn.

use super::Sim;
use crate::simulate::rng::Rng;

/// The delegations of every simulated negotiation (codes and names).
const STATES: &[(&str, &str)] = &[
    ("ARG", "Argentina"),
    ("AUS", "Australia"),
    ("AUT", "Austria"),
    ("BEL", "Belgium"),
    ("BLR", "Belarus"),
    ("BRA", "Brazil"),
    ("CAN", "Canada"),
    ("CHE", "Switzerland"),
    ("CHL", "Chile"),
    ("CHN", "China"),
    ("COL", "Colombia"),
    ("CUB", "Cuba"),
    ("DEU", "Germany"),
    ("DZA", "Algeria"),
    ("EGY", "Egypt"),
    ("ESP", "Spain"),
    ("EST", "Estonia"),
    ("FIN", "Finland"),
    ("FJI", "Fiji"),
    ("FRA", "France"),
    ("GBR", "United Kingdom"),
    ("GHA", "Ghana"),
    ("IDN", "Indonesia"),
    ("IND", "India"),
    ("IRL", "Ireland"),
    ("IRN", "Iran (Islamic Republic of)"),
    ("ITA", "Italy"),
    ("JPN", "Japan"),
    ("KEN", "Kenya"),
    ("KOR", "Republic of Korea"),
    ("MAR", "Morocco"),
    ("MDV", "Maldives"),
    ("MEX", "Mexico"),
    ("NGA", "Nigeria"),
    ("NIC", "Nicaragua"),
    ("NLD", "Netherlands"),
    ("NOR", "Norway"),
    ("NZL", "New Zealand"),
    ("PAK", "Pakistan"),
    ("POL", "Poland"),
    ("RUS", "Russian Federation"),
    ("SAU", "Saudi Arabia"),
    ("SEN", "Senegal"),
    ("SGP", "Singapore"),
    ("SWE", "Sweden"),
    ("SYR", "Syrian Arab Republic"),
    ("TTO", "Trinidad and Tobago"),
    ("TUR", "Türkiye"),
    ("URY", "Uruguay"),
    ("USA", "United States"),
    ("VEN", "Venezuela (Bolivarian Republic of)"),
    ("VNM", "Viet Nam"),
    ("ZAF", "South Africa"),
];

/// The groups: code, name, members.
const GROUPS: &[(&str, &str, &[&str])] = &[
    ("EU", "European Union", &["AUT", "BEL", "DEU", "ESP", "EST", "FIN", "FRA", "IRL", "ITA", "NLD", "POL", "SWE"]),
    ("AG", "African Group", &["DZA", "EGY", "GHA", "KEN", "MAR", "NGA", "SEN", "ZAF"]),
    ("LMG", "Like-Minded Group", &["BLR", "CUB", "IRN", "NIC", "SYR", "VEN"]),
    ("SSF", "Small States Forum", &["FJI", "MDV", "SGP", "TTO"]),
    ("LAC", "Latin American Caucus", &["ARG", "BRA", "CHL", "COL", "MEX", "URY"]),
];

impl Sim {
    /// Every delegation.
    pub fn delegations(&self) -> &'static [(&'static str, &'static str)] {
        STATES
    }

    /// Every group.
    pub fn groups(&self) -> &'static [(&'static str, &'static str, &'static [&'static str])] {
        GROUPS
    }

    /// Picks a proposer: a state, or a group (sometimes for some of its members).
    pub(super) fn proposer(&mut self, not: &[&str]) -> (String, Vec<String>) {
        loop {
            if self.params.realistic() && self.rng.chance(0.25) {
                let (code, _, members) = *self.rng.pick(GROUPS);
                if not.contains(&code) {
                    continue;
                }
                let mut behalf = vec![];
                if self.rng.chance(0.3) {
                    let mut m: Vec<&str> = members.to_vec();
                    self.rng.shuffle(&mut m);
                    m.truncate(self.rng.between(2, members.len() - 1));
                    m.sort_unstable();
                    behalf = m.into_iter().map(str::to_owned).collect();
                }
                return (code.to_owned(), behalf);
            }
            let (code, _) = *self.rng.pick(STATES);
            if !not.contains(&code) {
                return (code.to_owned(), vec![]);
            }
        }
    }

    pub(super) fn codes_around(&mut self, by: &str) -> (Vec<String>, Vec<String>) {
        let pick = |rng: &mut Rng, k: usize| -> Vec<String> {
            let mut v: Vec<String> = Vec::new();
            for _ in 0..k {
                let code = if rng.chance(0.15) { rng.pick(GROUPS).0 } else { rng.pick(STATES).0 };
                if code != by && !v.iter().any(|c| c == code) {
                    v.push(code.to_owned());
                }
            }
            v
        };
        let k = self.rng.below(3);
        let supported = pick(&mut self.rng, k);
        let k = self.rng.below(2);
        let mut opposed = pick(&mut self.rng, k);
        opposed.retain(|c| !supported.contains(c));
        (supported, opposed)
    }
}
