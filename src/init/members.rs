//! The delegations and groups `concord init` writes into a new negotiation: the Member
//! States of the United Nations and its two non-member observer States, with their ISO
//! 3166-1 alpha-3 codes and names as the UN writes them, and the groups that most often
//! speak for their members.
//!
//! Written from the compiler's own knowledge, not copied from a published list: group
//! membership changes (States join, leave or are suspended), so every generated file says
//! as of when it holds and asks the secretariat to check it. Members we were unsure of
//! are named in [`Group::unsure`].

/// A State: its ISO code, its name as the UN writes it, and other names delegations
/// and compilations commonly use for it.
#[derive(Debug, Clone, Copy)]
pub struct State {
    /// ISO 3166-1 alpha-3.
    pub code: &'static str,
    /// Name as in the UN's list of Member States.
    pub name: &'static str,
    /// Other common names (a name's part before a parenthesis is recognised anyway).
    pub aliases: &'static [&'static str],
}

/// A group that speaks for its members.
#[derive(Debug, Clone, Copy)]
pub struct Group {
    /// Code used in the drafts.
    pub code: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Other common names and abbreviations.
    pub aliases: &'static [&'static str],
    /// Member codes.
    pub members: &'static [&'static str],
    /// What we were unsure of when writing the list (empty when nothing).
    pub unsure: &'static str,
}

/// The date the group lists are meant to hold at.
pub const AS_OF: &str = "2024-06-30";

const fn s(code: &'static str, name: &'static str, aliases: &'static [&'static str]) -> State {
    State { code, name, aliases }
}

/// The 193 Member States of the United Nations.
pub const MEMBER_STATES: &[State] = &[
    s("AFG", "Afghanistan", &[]),
    s("ALB", "Albania", &[]),
    s("DZA", "Algeria", &[]),
    s("AND", "Andorra", &[]),
    s("AGO", "Angola", &[]),
    s("ATG", "Antigua and Barbuda", &[]),
    s("ARG", "Argentina", &[]),
    s("ARM", "Armenia", &[]),
    s("AUS", "Australia", &[]),
    s("AUT", "Austria", &[]),
    s("AZE", "Azerbaijan", &[]),
    s("BHS", "Bahamas", &["The Bahamas"]),
    s("BHR", "Bahrain", &[]),
    s("BGD", "Bangladesh", &[]),
    s("BRB", "Barbados", &[]),
    s("BLR", "Belarus", &[]),
    s("BEL", "Belgium", &[]),
    s("BLZ", "Belize", &[]),
    s("BEN", "Benin", &[]),
    s("BTN", "Bhutan", &[]),
    s("BOL", "Bolivia (Plurinational State of)", &[]),
    s("BIH", "Bosnia and Herzegovina", &[]),
    s("BWA", "Botswana", &[]),
    s("BRA", "Brazil", &[]),
    s("BRN", "Brunei Darussalam", &["Brunei"]),
    s("BGR", "Bulgaria", &[]),
    s("BFA", "Burkina Faso", &[]),
    s("BDI", "Burundi", &[]),
    s("CPV", "Cabo Verde", &["Cape Verde"]),
    s("KHM", "Cambodia", &[]),
    s("CMR", "Cameroon", &[]),
    s("CAN", "Canada", &[]),
    s("CAF", "Central African Republic", &[]),
    s("TCD", "Chad", &[]),
    s("CHL", "Chile", &[]),
    s("CHN", "China", &["People's Republic of China"]),
    s("COL", "Colombia", &[]),
    s("COM", "Comoros", &[]),
    s("COG", "Congo", &["Republic of the Congo"]),
    s("CRI", "Costa Rica", &[]),
    s("CIV", "Côte d'Ivoire", &["Ivory Coast"]),
    s("HRV", "Croatia", &[]),
    s("CUB", "Cuba", &[]),
    s("CYP", "Cyprus", &[]),
    s("CZE", "Czechia", &["Czech Republic"]),
    s("PRK", "Democratic People's Republic of Korea", &["DPRK", "North Korea"]),
    s("COD", "Democratic Republic of the Congo", &["DRC", "DR Congo"]),
    s("DNK", "Denmark", &[]),
    s("DJI", "Djibouti", &[]),
    s("DMA", "Dominica", &[]),
    s("DOM", "Dominican Republic", &[]),
    s("ECU", "Ecuador", &[]),
    s("EGY", "Egypt", &[]),
    s("SLV", "El Salvador", &[]),
    s("GNQ", "Equatorial Guinea", &[]),
    s("ERI", "Eritrea", &[]),
    s("EST", "Estonia", &[]),
    s("SWZ", "Eswatini", &["Swaziland"]),
    s("ETH", "Ethiopia", &[]),
    s("FJI", "Fiji", &[]),
    s("FIN", "Finland", &[]),
    s("FRA", "France", &[]),
    s("GAB", "Gabon", &[]),
    s("GMB", "Gambia", &["The Gambia"]),
    s("GEO", "Georgia", &[]),
    s("DEU", "Germany", &[]),
    s("GHA", "Ghana", &[]),
    s("GRC", "Greece", &[]),
    s("GRD", "Grenada", &[]),
    s("GTM", "Guatemala", &[]),
    s("GIN", "Guinea", &[]),
    s("GNB", "Guinea-Bissau", &[]),
    s("GUY", "Guyana", &[]),
    s("HTI", "Haiti", &[]),
    s("HND", "Honduras", &[]),
    s("HUN", "Hungary", &[]),
    s("ISL", "Iceland", &[]),
    s("IND", "India", &[]),
    s("IDN", "Indonesia", &[]),
    s("IRN", "Iran (Islamic Republic of)", &["Islamic Republic of Iran"]),
    s("IRQ", "Iraq", &[]),
    s("IRL", "Ireland", &[]),
    s("ISR", "Israel", &[]),
    s("ITA", "Italy", &[]),
    s("JAM", "Jamaica", &[]),
    s("JPN", "Japan", &[]),
    s("JOR", "Jordan", &[]),
    s("KAZ", "Kazakhstan", &[]),
    s("KEN", "Kenya", &[]),
    s("KIR", "Kiribati", &[]),
    s("KWT", "Kuwait", &[]),
    s("KGZ", "Kyrgyzstan", &["Kyrgyz Republic"]),
    s("LAO", "Lao People's Democratic Republic", &["Lao PDR", "Laos"]),
    s("LVA", "Latvia", &[]),
    s("LBN", "Lebanon", &[]),
    s("LSO", "Lesotho", &[]),
    s("LBR", "Liberia", &[]),
    s("LBY", "Libya", &[]),
    s("LIE", "Liechtenstein", &[]),
    s("LTU", "Lithuania", &[]),
    s("LUX", "Luxembourg", &[]),
    s("MDG", "Madagascar", &[]),
    s("MWI", "Malawi", &[]),
    s("MYS", "Malaysia", &[]),
    s("MDV", "Maldives", &[]),
    s("MLI", "Mali", &[]),
    s("MLT", "Malta", &[]),
    s("MHL", "Marshall Islands", &[]),
    s("MRT", "Mauritania", &[]),
    s("MUS", "Mauritius", &[]),
    s("MEX", "Mexico", &[]),
    s("FSM", "Micronesia (Federated States of)", &[]),
    s("MCO", "Monaco", &[]),
    s("MNG", "Mongolia", &[]),
    s("MNE", "Montenegro", &[]),
    s("MAR", "Morocco", &[]),
    s("MOZ", "Mozambique", &[]),
    s("MMR", "Myanmar", &[]),
    s("NAM", "Namibia", &[]),
    s("NRU", "Nauru", &[]),
    s("NPL", "Nepal", &[]),
    s("NLD", "Netherlands (Kingdom of the)", &["The Netherlands", "Kingdom of the Netherlands"]),
    s("NZL", "New Zealand", &[]),
    s("NIC", "Nicaragua", &[]),
    s("NER", "Niger", &[]),
    s("NGA", "Nigeria", &[]),
    s("MKD", "North Macedonia", &[]),
    s("NOR", "Norway", &[]),
    s("OMN", "Oman", &[]),
    s("PAK", "Pakistan", &[]),
    s("PLW", "Palau", &[]),
    s("PAN", "Panama", &[]),
    s("PNG", "Papua New Guinea", &[]),
    s("PRY", "Paraguay", &[]),
    s("PER", "Peru", &[]),
    s("PHL", "Philippines", &[]),
    s("POL", "Poland", &[]),
    s("PRT", "Portugal", &[]),
    s("QAT", "Qatar", &[]),
    s("KOR", "Republic of Korea", &["ROK", "South Korea", "Korea"]),
    s("MDA", "Republic of Moldova", &["Moldova"]),
    s("ROU", "Romania", &[]),
    s("RUS", "Russian Federation", &["Russia"]),
    s("RWA", "Rwanda", &[]),
    s("KNA", "Saint Kitts and Nevis", &[]),
    s("LCA", "Saint Lucia", &[]),
    s("VCT", "Saint Vincent and the Grenadines", &[]),
    s("WSM", "Samoa", &[]),
    s("SMR", "San Marino", &[]),
    s("STP", "Sao Tome and Principe", &[]),
    s("SAU", "Saudi Arabia", &[]),
    s("SEN", "Senegal", &[]),
    s("SRB", "Serbia", &[]),
    s("SYC", "Seychelles", &[]),
    s("SLE", "Sierra Leone", &[]),
    s("SGP", "Singapore", &[]),
    s("SVK", "Slovakia", &["Slovak Republic"]),
    s("SVN", "Slovenia", &[]),
    s("SLB", "Solomon Islands", &[]),
    s("SOM", "Somalia", &[]),
    s("ZAF", "South Africa", &[]),
    s("SSD", "South Sudan", &[]),
    s("ESP", "Spain", &[]),
    s("LKA", "Sri Lanka", &[]),
    s("SDN", "Sudan", &[]),
    s("SUR", "Suriname", &[]),
    s("SWE", "Sweden", &[]),
    s("CHE", "Switzerland", &[]),
    s("SYR", "Syrian Arab Republic", &["Syria"]),
    s("TJK", "Tajikistan", &[]),
    s("THA", "Thailand", &[]),
    s("TLS", "Timor-Leste", &["East Timor"]),
    s("TGO", "Togo", &[]),
    s("TON", "Tonga", &[]),
    s("TTO", "Trinidad and Tobago", &[]),
    s("TUN", "Tunisia", &[]),
    s("TUR", "Türkiye", &["Turkey"]),
    s("TKM", "Turkmenistan", &[]),
    s("TUV", "Tuvalu", &[]),
    s("UGA", "Uganda", &[]),
    s("UKR", "Ukraine", &[]),
    s("ARE", "United Arab Emirates", &["UAE"]),
    s("GBR", "United Kingdom of Great Britain and Northern Ireland", &["United Kingdom", "UK"]),
    s("TZA", "United Republic of Tanzania", &["Tanzania"]),
    s("USA", "United States of America", &["United States", "US"]),
    s("URY", "Uruguay", &[]),
    s("UZB", "Uzbekistan", &[]),
    s("VUT", "Vanuatu", &[]),
    s("VEN", "Venezuela (Bolivarian Republic of)", &[]),
    s("VNM", "Viet Nam", &["Vietnam"]),
    s("YEM", "Yemen", &[]),
    s("ZMB", "Zambia", &[]),
    s("ZWE", "Zimbabwe", &[]),
];

/// The non-member observer States.
pub const OBSERVER_STATES: &[State] = &[s("VAT", "Holy See", &[]), s("PSE", "State of Palestine", &["Palestine"])];

/// The groups, in the order they are written.
pub const GROUPS: &[Group] = &[
    Group {
        code: "EU",
        name: "European Union",
        aliases: &["the EU", "EU and its member States"],
        members: &[
            "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA",
            "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE",
        ],
        unsure: "",
    },
    Group {
        code: "AG",
        name: "Group of African States",
        aliases: &["African Group", "Africa Group"],
        members: &[
            "DZA", "AGO", "BEN", "BWA", "BFA", "BDI", "CPV", "CMR", "CAF", "TCD", "COM", "COG", "COD", "CIV", "DJI",
            "EGY", "GNQ", "ERI", "SWZ", "ETH", "GAB", "GMB", "GHA", "GIN", "GNB", "KEN", "LSO", "LBR", "LBY", "MDG",
            "MWI", "MLI", "MRT", "MUS", "MAR", "MOZ", "NAM", "NER", "NGA", "RWA", "STP", "SEN", "SYC", "SLE", "SOM",
            "ZAF", "SSD", "SDN", "TGO", "TUN", "UGA", "TZA", "ZMB", "ZWE",
        ],
        unsure: "",
    },
    Group {
        code: "ARAB",
        name: "Arab Group",
        aliases: &["Group of Arab States", "League of Arab States", "Arab League"],
        members: &[
            "DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR", "OMN", "PSE", "QAT",
            "SAU", "SOM", "SDN", "SYR", "TUN", "ARE", "YEM",
        ],
        unsure: "",
    },
    Group {
        code: "NonAligned",
        name: "Non-Aligned Movement",
        aliases: &["NAM", "Movement of Non-Aligned Countries"],
        members: &[
            // Africa
            "DZA", "AGO", "BEN", "BWA", "BFA", "BDI", "CPV", "CMR", "CAF", "TCD", "COM", "COG", "COD", "CIV", "DJI",
            "EGY", "GNQ", "ERI", "SWZ", "ETH", "GAB", "GMB", "GHA", "GIN", "GNB", "KEN", "LSO", "LBR", "LBY", "MDG",
            "MWI", "MLI", "MRT", "MUS", "MAR", "MOZ", "NAM", "NER", "NGA", "RWA", "STP", "SEN", "SYC", "SLE", "SOM",
            "ZAF", "SDN", "TGO", "TUN", "UGA", "TZA", "ZMB", "ZWE", //
            // Asia and the Pacific
            "AFG", "BHR", "BGD", "BTN", "BRN", "KHM", "PRK", "FJI", "IND", "IDN", "IRN", "IRQ", "JOR", "KWT", "LAO",
            "LBN", "MYS", "MDV", "MNG", "MMR", "NPL", "OMN", "PAK", "PSE", "PNG", "PHL", "QAT", "SAU", "SGP", "LKA",
            "SYR", "THA", "TLS", "TKM", "ARE", "UZB", "VUT", "VNM", "YEM", //
            // Latin America and the Caribbean
            "ATG", "BHS", "BRB", "BLZ", "BOL", "CHL", "COL", "CUB", "DMA", "DOM", "ECU", "GRD", "GTM", "GUY", "HTI",
            "HND", "JAM", "NIC", "PAN", "PER", "KNA", "LCA", "VCT", "SUR", "TTO", "VEN", //
            // Europe
            "AZE", "BLR",
        ],
        unsure: "South Sudan (SSD) is left out: we could not confirm that it has joined",
    },
    Group {
        code: "G77",
        name: "Group of 77 and China",
        aliases: &["G77 and China", "G-77 and China", "G77", "G-77", "Group of 77"],
        members: &[
            "AFG", "DZA", "AGO", "ATG", "ARG", "BHS", "BHR", "BGD", "BRB", "BLZ", "BEN", "BTN", "BOL", "BIH", "BWA",
            "BRA", "BRN", "BFA", "BDI", "CPV", "KHM", "CMR", "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG", "CRI",
            "CIV", "CUB", "PRK", "COD", "DJI", "DMA", "DOM", "ECU", "EGY", "SLV", "GNQ", "ERI", "SWZ", "ETH", "FJI",
            "GAB", "GMB", "GHA", "GRD", "GTM", "GIN", "GNB", "GUY", "HTI", "HND", "IND", "IDN", "IRN", "IRQ", "JAM",
            "JOR", "KEN", "KIR", "KWT", "LAO", "LBN", "LSO", "LBR", "LBY", "MDG", "MWI", "MYS", "MDV", "MLI", "MHL",
            "MRT", "MUS", "FSM", "MNG", "MAR", "MOZ", "MMR", "NAM", "NRU", "NPL", "NIC", "NER", "NGA", "OMN", "PAK",
            "PAN", "PNG", "PRY", "PER", "PHL", "QAT", "RWA", "KNA", "LCA", "VCT", "WSM", "STP", "SAU", "SEN", "SYC",
            "SLE", "SGP", "SLB", "SOM", "ZAF", "SSD", "LKA", "PSE", "SDN", "SUR", "SYR", "TJK", "THA", "TLS", "TGO",
            "TON", "TTO", "TUN", "TKM", "UGA", "ARE", "TZA", "URY", "VUT", "VEN", "VNM", "YEM", "ZMB", "ZWE",
        ],
        unsure: "China is listed because the group speaks as \"the Group of 77 and China\"; \
                 Azerbaijan, Kazakhstan, Kyrgyzstan, Uzbekistan and Tuvalu are left out: we could not confirm them",
    },
];
