//! The words synthetic negotiations are written in: a few hundred words and phrases of
//! diplomatic register, in English and (for the realistic profile) Russian, Arabic and
//! Chinese, all written for concord, and the rules that turn token lists back into text.
//!
//! The generator works on token ids, never on strings: a paragraph is a list of ids, each
//! one token of [`Tokenized`](crate::text::Tokenized) exactly, so the generator knows the
//! engine's token indices without tokenizing. [`Vocab::render`] joins them with the
//! spacing a writer would use ("States, in good faith." — no space before punctuation,
//! none between Chinese ideographs).

use std::collections::HashMap;

use super::rng::Rng;
use crate::text::Tokenized;

/// The languages paragraphs are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// English (most paragraphs).
    En,
    /// Russian.
    Ru,
    /// Arabic.
    Ar,
    /// Chinese.
    Zh,
}

impl Lang {
    /// Every language.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Ru, Lang::Ar, Lang::Zh];
}

/// How a token joins its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A word: a space before it.
    Word,
    /// Closing punctuation (`,` `.` `)`): no space before.
    Close,
    /// An opening bracket: no space after.
    Open,
    /// A hyphen: no space on either side.
    Joiner,
    /// A Chinese ideograph: no space after another ideograph or Chinese punctuation.
    Cjk,
    /// Chinese punctuation: no space before, none after before an ideograph.
    CjkPunct,
}

/// The phrase lists of one language, each phrase a token-id list.
#[derive(Debug, Default)]
struct Lists {
    subjects: Vec<Vec<u32>>,
    verbs: Vec<Vec<u32>>,
    heads: Vec<Vec<u32>>,
    nouns: Vec<Vec<u32>>,
    /// Phrases an amendment inserts ("in good faith", "as appropriate").
    modifiers: Vec<Vec<u32>>,
    /// Single words an amendment or the Chair puts in place of others.
    words: Vec<u32>,
    /// Words that join two merged proposals ("and").
    connectors: Vec<Vec<u32>>,
}

/// The vocabulary: token strings, their classes, and phrase lists per language.
#[derive(Debug)]
pub struct Vocab {
    strings: Vec<String>,
    class: Vec<Class>,
    index: HashMap<String, u32>,
    lists: Vec<Lists>,
    period: [u32; 4],
}

const EN_SUBJECTS: &[&str] = &[
    "States",
    "Member States",
    "The Group",
    "Many delegations",
    "Several States",
    "Delegations",
    "Some States",
    "A number of delegations",
    "Participants",
    "The Working Group",
    "Regional organizations",
    "Developing countries",
    "States in a position to do so",
    "Small island developing States",
];
const EN_VERBS: &[&str] = &[
    "recognized",
    "underlined",
    "reaffirmed",
    "noted",
    "stressed",
    "welcomed",
    "acknowledged",
    "emphasized",
    "recalled",
    "highlighted",
    "encouraged further work on",
    "expressed support for",
    "called for",
    "considered",
    "took note of",
    "discussed",
    "affirmed",
    "looked forward to",
];
const EN_HEADS: &[&str] = &[
    "the importance of",
    "the need for",
    "the value of",
    "the role of",
    "the relevance of",
    "continued work on",
    "the benefits of",
    "concrete steps towards",
    "the urgency of",
    "practical measures for",
    "a common understanding of",
    "further discussion of",
];
const EN_NOUNS: &[&str] = &[
    "international cooperation",
    "capacity-building",
    "confidence-building measures",
    "an open and secure ICT environment",
    "the protection of critical infrastructure",
    "the exchange of information",
    "responsible State behaviour",
    "the framework of norms",
    "regular institutional dialogue",
    "the security of supply chains",
    "the integrity of the Internet",
    "a directory of points of contact",
    "incident response",
    "national policies and strategies",
    "the applicability of international law",
    "the prevention of conflict",
    "technical assistance",
    "the peaceful settlement of disputes",
    "transparency",
    "trust among States",
    "the sharing of best practices",
    "gender perspectives",
    "the needs of developing countries",
    "the role of stakeholders",
    "regional approaches",
    "coordinated vulnerability disclosure",
    "the protection of personal data",
    "cooperation between emergency response teams",
    "a programme of action",
    "the public core of the Internet",
    "humanitarian organizations",
    "the medical sector",
    "financial services",
    "energy and water systems",
    "electoral processes",
    "emerging technologies",
    "threat assessments",
    "legal frameworks (where they exist)",
];
const EN_MODIFIERS: &[&str] = &[
    "in good faith",
    "as appropriate",
    "where appropriate",
    "in accordance with international law",
    "on a voluntary basis",
    "in line with their national legislation",
    "without delay",
    "as a matter of priority",
    "at the regional and subregional levels",
    "including the private sector",
    "in particular developing countries",
    "within existing resources",
    "in a manner consistent with the Charter",
    "to the extent possible",
    "in a balanced manner",
    "on a consensus basis",
    "with full respect for sovereignty",
    "and in a timely manner",
    "upon request",
    "taking into account national circumstances",
    "through existing mechanisms",
    "with the support of the Secretariat",
    ", inter alia,",
    "fully",
    "effectively",
    "further",
    "actively",
    "collectively",
    "progressively",
];
const EN_WORDS: &[&str] = &[
    "voluntary",
    "agreed",
    "relevant",
    "existing",
    "additional",
    "practical",
    "concrete",
    "comprehensive",
    "effective",
    "open",
    "secure",
    "peaceful",
    "accessible",
    "interoperable",
    "global",
    "national",
    "regional",
    "sustained",
    "targeted",
    "inclusive",
    "shall",
    "should",
    "may",
    "could",
    "encourage",
    "promote",
    "strengthen",
    "support",
    "develop",
    "enhance",
    "facilitate",
    "respect",
    "implement",
    "pursue",
    "recognize",
    "consider",
    "measures",
    "mechanisms",
    "principles",
    "commitments",
    "obligations",
    "activities",
    "initiatives",
    "efforts",
    "partners",
    "experts",
    "resources",
    "platforms",
];
const EN_CONNECTORS: &[&str] = &["and", "as well as", "together with", "and also"];
const EN_VERBS2: &[&str] = &[
    "promote",
    "strengthen",
    "support",
    "consider",
    "develop",
    "enhance",
    "facilitate",
    "respect",
    "implement",
    "pursue",
    "cooperate on",
    "invest in",
];

const RU_SUBJECTS: &[&str] = &["Государства", "Группа", "Многие делегации", "Ряд государств", "Делегации", "Участники"];
const RU_VERBS: &[&str] =
    &["подчеркнули", "отметили", "признали", "вновь подтвердили", "приветствовали", "обсудили", "особо выделили"];
const RU_HEADS: &[&str] = &["важность", "необходимость", "роль", "значение", "ценность"];
const RU_NOUNS: &[&str] = &[
    "международного сотрудничества",
    "укрепления доверия",
    "наращивания потенциала",
    "защиты критической инфраструктуры",
    "обмена информацией",
    "ответственного поведения государств",
    "мирного урегулирования споров",
    "применимости международного права",
    "регулярного институционального диалога",
    "прозрачности",
];
const RU_MODIFIERS: &[&str] = &[
    "в соответствии с международным правом",
    "на добровольной основе",
    "в надлежащих случаях",
    "без промедления",
    "в первоочередном порядке",
    "на региональном уровне",
    "в полной мере",
    "добросовестно",
];
const RU_WORDS: &[&str] =
    &["дальнейшего", "практического", "эффективного", "всеобъемлющего", "национального", "общего"];
const RU_CONNECTORS: &[&str] = &["и", "а также"];

const AR_SUBJECTS: &[&str] = &["الدول", "الفريق", "وفود عديدة", "بعض الدول", "المشاركون"];
const AR_VERBS: &[&str] = &["أكدت", "لاحظت", "اعترفت", "رحبت", "شددت", "ناقشت"];
const AR_HEADS: &[&str] = &["أهمية", "ضرورة", "دور", "قيمة"];
const AR_NOUNS: &[&str] = &[
    "التعاون الدولي",
    "بناء القدرات",
    "تدابير بناء الثقة",
    "حماية البنية التحتية الحيوية",
    "تبادل المعلومات",
    "السلوك المسؤول للدول",
    "التسوية السلمية للمنازعات",
    "القانون الدولي",
    "الحوار المؤسسي المنتظم",
];
const AR_MODIFIERS: &[&str] =
    &["وفقا للقانون الدولي", "على أساس طوعي", "حسب الاقتضاء", "دون تأخير", "على سبيل الأولوية", "بحسن نية"];
const AR_WORDS: &[&str] = &["الفعال", "العملي", "الشامل", "الوطني", "الإقليمي", "المستمر"];
const AR_CONNECTORS: &[&str] = &["و", "فضلا عن"];

const ZH_SUBJECTS: &[&str] = &["各国", "工作组", "许多代表团", "一些国家", "与会者"];
const ZH_VERBS: &[&str] = &["强调", "注意到", "确认", "欢迎", "重申", "讨论了"];
const ZH_HEADS: &[&str] = &["重要性", "必要性", "作用", "价值"];
const ZH_NOUNS: &[&str] = &[
    "国际合作",
    "能力建设",
    "建立信任措施",
    "关键基础设施保护",
    "信息交流",
    "国家负责任行为",
    "和平解决争端",
    "国际法的适用",
    "定期机构对话",
];
const ZH_MODIFIERS: &[&str] = &["根据国际法", "在自愿基础上", "酌情", "毫不拖延地", "优先", "在区域层面", "本着诚意"];
const ZH_WORDS: &[&str] = &["进一步", "切实", "全面", "有效", "共同"];
const ZH_CONNECTORS: &[&str] = &["和", "以及"];

/// One language's lists, in [`Lists`] order: subjects, verbs, heads, nouns, modifiers,
/// words, connectors.
type Table = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

impl Default for Vocab {
    fn default() -> Self {
        Self::new()
    }
}

impl Vocab {
    /// Builds the vocabulary, checking that every token is one token of the tokenizer.
    pub fn new() -> Self {
        let mut v = Vocab { strings: vec![], class: vec![], index: HashMap::new(), lists: vec![], period: [0; 4] };
        let tables: [Table; 4] = [
            (EN_SUBJECTS, EN_VERBS, EN_HEADS, EN_NOUNS, EN_MODIFIERS, EN_WORDS, EN_CONNECTORS),
            (RU_SUBJECTS, RU_VERBS, RU_HEADS, RU_NOUNS, RU_MODIFIERS, RU_WORDS, RU_CONNECTORS),
            (AR_SUBJECTS, AR_VERBS, AR_HEADS, AR_NOUNS, AR_MODIFIERS, AR_WORDS, AR_CONNECTORS),
            (ZH_SUBJECTS, ZH_VERBS, ZH_HEADS, ZH_NOUNS, ZH_MODIFIERS, ZH_WORDS, ZH_CONNECTORS),
        ];
        for (s, vb, h, n, m, w, c) in tables {
            let mut lists = Lists {
                subjects: s.iter().map(|p| v.phrase(p)).collect(),
                verbs: vb.iter().map(|p| v.phrase(p)).collect(),
                heads: h.iter().map(|p| v.phrase(p)).collect(),
                nouns: n.iter().map(|p| v.phrase(p)).collect(),
                modifiers: m.iter().map(|p| v.phrase(p)).collect(),
                words: w.iter().flat_map(|p| v.phrase(p)).collect(),
                connectors: c.iter().map(|p| v.phrase(p)).collect(),
            };
            lists.words.dedup();
            v.lists.push(lists);
        }
        for p in EN_VERBS2 {
            v.phrase(p);
        }
        for extra in
            ["that", "should", "In this regard", "It was further noted that", "the", "of", "的", "。", "，", "،"]
        {
            v.phrase(extra);
        }
        v.period = [v.id("."), v.id("."), v.id("."), v.id("。")];
        v
    }

    /// Interns every token of `text` and returns their ids.
    fn phrase(&mut self, text: &str) -> Vec<u32> {
        let t = Tokenized::new(text);
        t.tokens().map(|tok| self.intern(tok)).collect()
    }

    fn intern(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.index.get(token) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(token.to_owned());
        self.class.push(classify(token));
        self.index.insert(token.to_owned(), id);
        id
    }

    /// The id of a token known to the vocabulary.
    pub fn id(&mut self, token: &str) -> u32 {
        self.intern(token)
    }

    /// The string of a token.
    pub fn str(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }

    /// Number of distinct tokens.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// Whether the vocabulary is empty (never, once built).
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// Whether a token is punctuation (no letter or digit).
    pub fn is_punct(&self, id: u32) -> bool {
        matches!(self.class[id as usize], Class::Close | Class::Open | Class::Joiner | Class::CjkPunct)
    }

    /// The sentence-ending token of a language.
    pub fn period(&self, lang: Lang) -> u32 {
        self.period[lang as usize]
    }

    fn lists(&self, lang: Lang) -> &Lists {
        &self.lists[lang as usize]
    }

    /// A phrase an amendment might insert.
    pub fn modifier(&self, lang: Lang, rng: &mut Rng) -> &[u32] {
        rng.pick::<Vec<u32>>(&self.lists(lang).modifiers)
    }

    /// A noun phrase (replacement material).
    pub fn noun(&self, lang: Lang, rng: &mut Rng) -> &[u32] {
        rng.pick::<Vec<u32>>(&self.lists(lang).nouns)
    }

    /// A single content word.
    pub fn word(&self, lang: Lang, rng: &mut Rng) -> u32 {
        *rng.pick(&self.lists(lang).words)
    }

    /// A word or phrase joining two merged proposals.
    pub fn connector(&self, lang: Lang, rng: &mut Rng) -> &[u32] {
        rng.pick::<Vec<u32>>(&self.lists(lang).connectors)
    }

    /// One sentence, ending with the language's full stop.
    pub fn sentence(&self, lang: Lang, rng: &mut Rng) -> Vec<u32> {
        let l = self.lists(lang);
        let mut out = Vec::with_capacity(24);
        match lang {
            Lang::Zh => {
                out.extend(rng.pick(&l.subjects));
                if rng.chance(0.3) {
                    out.extend(rng.pick(&l.modifiers));
                }
                out.extend(rng.pick(&l.verbs));
                out.extend(rng.pick(&l.nouns));
                out.push(self.index["的"]);
                out.extend(rng.pick(&l.heads));
            }
            Lang::En => {
                let form = rng.below(4);
                if form == 3 {
                    out.extend(self.index_phrase("In this regard"));
                    out.push(self.index[","]);
                }
                if form == 2 {
                    out.extend(self.index_phrase("It was further noted that"));
                    out.extend(self.index_phrase("States should"));
                    out.extend(self.index_phrase(rng.pick::<&str>(EN_VERBS2)));
                } else {
                    let subject = rng.pick(&l.subjects);
                    out.extend(subject);
                    out.extend(rng.pick(&l.verbs));
                    out.extend(rng.pick(&l.heads));
                }
                out.extend(rng.pick(&l.nouns));
                if rng.chance(0.4) {
                    out.push(self.index["and"]);
                    out.extend(rng.pick(&l.nouns));
                }
                let m = rng.pick(&l.modifiers);
                if rng.chance(0.3) && !self.is_punct(m[0]) {
                    out.push(self.index[","]);
                    out.extend(m);
                }
            }
            _ => {
                out.extend(rng.pick(&l.subjects));
                out.extend(rng.pick(&l.verbs));
                out.extend(rng.pick(&l.heads));
                out.extend(rng.pick(&l.nouns));
                if rng.chance(0.3) {
                    out.push(if lang == Lang::Ar { self.index["،"] } else { self.index[","] });
                    out.extend(rng.pick(&l.modifiers));
                }
            }
        }
        // Trailing commas of a modifier never precede the full stop.
        while out.last().is_some_and(|&t| self.is_punct(t)) {
            out.pop();
        }
        out.push(self.period(lang));
        out
    }

    fn index_phrase(&self, text: &str) -> Vec<u32> {
        Tokenized::new(text).tokens().map(|t| self.index[t]).collect()
    }

    /// Sentences until the paragraph has at least `words` tokens.
    pub fn paragraph(&self, lang: Lang, words: usize, rng: &mut Rng) -> Vec<u32> {
        let mut out = Vec::with_capacity(words + 24);
        while out.len() < words.max(1) {
            out.extend(self.sentence(lang, rng));
        }
        out
    }

    /// Joins tokens with a writer's spacing.
    ///
    /// ```text
    /// ["States", ",", "in", "good", "faith", "."] -> "States, in good faith."
    /// ["各", "国", "强", "调", "。"]               -> "各国强调。"
    /// ```
    pub fn render(&self, tokens: impl IntoIterator<Item = u32>, out: &mut String) {
        let mut prev: Option<Class> = None;
        for t in tokens {
            let c = self.class[t as usize];
            let glued = matches!(
                (prev, c),
                (None, _)
                    | (_, Class::Close | Class::Joiner | Class::CjkPunct)
                    | (Some(Class::Open | Class::Joiner), _)
                    | (Some(Class::Cjk | Class::CjkPunct), Class::Cjk)
            );
            let space = !glued;
            if space {
                out.push(' ');
            }
            out.push_str(&self.strings[t as usize]);
            prev = Some(c);
        }
    }

    /// The text of `tokens`.
    pub fn text(&self, tokens: impl IntoIterator<Item = u32>) -> String {
        let mut s = String::new();
        self.render(tokens, &mut s);
        s
    }
}

fn classify(token: &str) -> Class {
    let c = token.chars().next().unwrap_or(' ');
    match token {
        "(" => Class::Open,
        "-" => Class::Joiner,
        "。" | "，" | "、" => Class::CjkPunct,
        _ if ('\u{4E00}'..='\u{9FFF}').contains(&c) => Class::Cjk,
        _ if !token.chars().any(char::is_alphanumeric) => Class::Close,
        _ => Class::Word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_entry_is_one_token() {
        let v = Vocab::new();
        for id in 0..v.len() as u32 {
            let t = Tokenized::new(v.str(id));
            assert_eq!(t.tokens().collect::<Vec<_>>(), [v.str(id)], "{:?}", v.str(id));
        }
    }

    #[test]
    fn rendered_paragraphs_tokenize_back_to_their_tokens() {
        let v = Vocab::new();
        let mut rng = Rng::new(3);
        for lang in Lang::ALL {
            for _ in 0..50 {
                let p = v.paragraph(lang, 40, &mut rng);
                let text = v.text(p.iter().copied());
                let back = Tokenized::new(&text);
                let want: Vec<&str> = p.iter().map(|&t| v.str(t)).collect();
                assert_eq!(back.tokens().collect::<Vec<_>>(), want, "{text}");
            }
        }
    }

    #[test]
    fn render_spaces_like_a_writer() {
        let mut v = Vocab::new();
        let ids: Vec<u32> = ["States", ",", "in", "good", "faith", "."].iter().map(|t| v.id(t)).collect();
        assert_eq!(v.text(ids), "States, in good faith.");
        let ids: Vec<u32> = ["各", "国", "强", "调", "。", "各"].iter().map(|t| v.id(t)).collect();
        assert_eq!(v.text(ids), "各国强调。各");
        let ids: Vec<u32> = ["capacity", "-", "building", "(", "where", ")"].iter().map(|t| v.id(t)).collect();
        assert_eq!(v.text(ids), "capacity-building (where)");
    }
}
