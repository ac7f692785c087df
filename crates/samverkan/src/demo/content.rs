//! The words of the demo: invented people and agenda topics, written for this project.

use samverkan_domain::Due;

/// Invented first and last names; combined in order they give every demo person a name.
pub const FIRST_NAMES: [&str; 16] = [
    "Karin", "Mattias", "Eva", "Johan", "Sofia", "Per", "Lena", "Anders", "Maria", "Erik", "Helena", "Jonas", "Annika",
    "Fredrik", "Camilla", "Ola",
];
pub const LAST_NAMES: [&str; 13] = [
    "Ekstrand",
    "Holmqvist",
    "Lindahl",
    "Sandberg",
    "Bergsten",
    "Nyholm",
    "Åkesson",
    "Fransson",
    "Wallin",
    "Hedlund",
    "Strömberg",
    "Lundkvist",
    "Blom",
];

/// One substantive agenda topic and what the body did with it.
pub struct Topic {
    pub title: &'static str,
    pub presenter_title: &'static str,
    pub notes: &'static [&'static str],
    pub clauses: &'static [&'static str],
    /// A recommendation to every member organisation, if the topic makes one.
    pub recommendation: Option<&'static str>,
    /// An assignment: (assignee, task, when it is due).
    pub assignment: Option<(&'static str, &'static str, Due)>,
    pub kind: TopicKind,
}

/// Which register entry a topic's decision also creates.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TopicKind {
    Plain,
    Grant,
    CostShare,
    Agreement,
}

pub const TOPICS: [Topic; 8] = [
    Topic {
        title: "Samordnad individuell plan (SIP) – uppföljning av föregående år",
        presenter_title: "utvecklingsledare",
        notes: &[
            "Uppföljningen visar att antalet upprättade planer har ökat i alla kommuner, men att andelen planer som följs upp inom sex månader fortfarande är låg.",
            "Gruppen diskuterade hur uppföljningen kan bli en del av den ordinarie verksamhetsplaneringen.",
        ],
        clauses: &[
            "att godkänna redovisningen av uppföljningen",
            "att ge arbetsgruppen för SIP i uppdrag att föreslå en gemensam rutin för uppföljning av planerna",
        ],
        recommendation: None,
        assignment: Some((
            "Arbetsgruppen för SIP",
            "Föreslå en gemensam rutin för uppföljning av samordnade individuella planer.",
            Due::NextMeeting,
        )),
        kind: TopicKind::Plain,
    },
    Topic {
        title: "Statsbidrag för psykisk hälsa och suicidprevention – fördelning",
        presenter_title: "ekonom",
        notes: &[
            "Medlen för året har fördelats enligt den modell som gruppen beslutade om tidigare. En del av förra årets medel har inte förbrukats och förs över.",
        ],
        clauses: &[
            "att fördela statsbidraget enligt bilagd tabell",
            "att ej förbrukade medel från föregående år förs över till samma ändamål",
        ],
        recommendation: None,
        assignment: None,
        kind: TopicKind::Grant,
    },
    Topic {
        title: "Gemensam regional hjälpmedelsriktlinje",
        presenter_title: "hjälpmedelskonsulent",
        notes: &[
            "Ett förslag till gemensam riktlinje för förskrivning av hjälpmedel har remitterats till huvudmännen. Synpunkterna har arbetats in.",
        ],
        clauses: &["att rekommendera huvudmännen att anta riktlinjen"],
        recommendation: Some("Huvudmännen rekommenderas att anta den gemensamma riktlinjen för förskrivning av hjälpmedel att gälla från den 1 januari nästa år."),
        assignment: None,
        kind: TopicKind::Plain,
    },
    Topic {
        title: "Samordnare för suicidprevention – kostnadsfördelning",
        presenter_title: "folkhälsostrateg",
        notes: &[
            "En gemensam samordnare anställs av regionen. Kommunernas del av kostnaden fördelas efter befolkningsandel.",
        ],
        clauses: &[
            "att inrätta en gemensam tjänst som samordnare för suicidprevention",
            "att kommunernas andel av kostnaden fördelas efter befolkningsandel",
        ],
        recommendation: None,
        assignment: Some((
            "Regionen",
            "Rekrytera samordnaren och redovisa läget för gruppen.",
            Due::Month { year: 2026, month: 12 },
        )),
        kind: TopicKind::CostShare,
    },
    Topic {
        title: "Överenskommelse om utskrivning från sluten hälso- och sjukvård – betalningsansvar",
        presenter_title: "avtalsansvarig",
        notes: &[
            "Enligt överenskommelsen ska antalet dagar innan kommunernas betalningsansvar inträder fastställas varje år i november.",
        ],
        clauses: &[
            "att betalningsansvaret inträder efter 3,0 kalenderdagar under nästa år",
            "att förlänga överenskommelsen med ett år",
        ],
        recommendation: None,
        assignment: None,
        kind: TopicKind::Agreement,
    },
    Topic {
        title: "Barn och unga med psykisk ohälsa – lägesrapport",
        presenter_title: "verksamhetsutvecklare",
        notes: &[
            "Väntetiderna till första bedömning har minskat under året. Samverkan mellan elevhälsa och primärvård fungerar bättre där gemensamma mottagningsteam finns.",
        ],
        clauses: &[],
        recommendation: None,
        assignment: None,
        kind: TopicKind::Plain,
    },
    Topic {
        title: "Gemensam handlingsplan för vård och omsorg om äldre",
        presenter_title: "processledare",
        notes: &[
            "Ett utkast till handlingsplan presenterades. Gruppen lämnade synpunkter på prioriteringarna och tidplanen.",
        ],
        clauses: &[
            "att ställa sig bakom inriktningen i utkastet",
            "att rekommendera huvudmännen att utse en kontaktperson var för det fortsatta arbetet",
        ],
        recommendation: Some("Huvudmännen rekommenderas att var och en utse en kontaktperson för arbetet med handlingsplanen."),
        assignment: Some((
            "Processledaren",
            "Färdigställa handlingsplanen med huvudmännens synpunkter.",
            Due::Month { year: 2027, month: 3 },
        )),
        kind: TopicKind::Plain,
    },
    Topic {
        title: "Verksamhetsplan och budget för nästa år",
        presenter_title: "samordnare",
        notes: &["Förslaget diskuterades. Ärendet återkommer för beslut vid nästa sammanträde."],
        clauses: &[],
        recommendation: None,
        assignment: None,
        kind: TopicKind::Plain,
    },
];
