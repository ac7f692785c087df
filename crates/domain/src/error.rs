//! Errors raised when a domain rule is broken; their text is the Swedish sentence users see.

use crate::MeetingStatus;

/// A broken domain rule. `Display` is the plain Swedish sentence shown to users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error(
        "Protokollet är justerat och kan inte ändras. En rättelse görs som ett nytt ärende vid ett senare sammanträde."
    )]
    ProtocolAdjusted,
    #[error("Protokollet är redan justerat, så någon kallelse till sammanträdet kan inte skickas.")]
    NoticeAfterAdjustment,
    #[error("Sammanträdet kan inte gå från {from} till {to}.")]
    InvalidTransition { from: MeetingStatus, to: MeetingStatus },
    #[error("Protokollet kan inte justeras förrän ordförande och minst en justerare, olika personer, har godkänt samma version av det.")]
    AdjustmentIncomplete,
    #[error("{0} finns redan bland dem som ska justera protokollet. En person kan bara ha en plats.")]
    AdjusterTwice(String),
    #[error("Protokollet är skickat för justering; vilka som justerar kan inte ändras nu.")]
    AdjustersSettled,
    #[error("Protokollet är inte skickat för justering.")]
    NotSentForAdjustment,
    #[error("Du är inte ordförande eller justerare för det här protokollet.")]
    NotAnAdjuster,
    #[error("Du har redan godkänt protokollet i den här versionen.")]
    AlreadyApproved,
    #[error("Delarna summerar till {parts} men totalen är {total}.")]
    CostShareMismatch { total: String, parts: String },
    #[error("Beloppet får inte vara negativt: {0}.")]
    NegativeAmount(String),
    #[error("Fördelningsnyckeln saknar vikter eller har bara vikten noll.")]
    EmptySplitKey,
    #[error("Procentsatserna summerar till {0} % och inte till 100 %.")]
    PercentagesNotHundred(String),
    #[error("Perioden slutar ({end}) innan den börjar ({start}).")]
    PeriodEndsBeforeStart { start: String, end: String },
    #[error("Mötet slutar ({end}) innan det börjar ({start}).")]
    MeetingEndsBeforeStart { start: String, end: String },
    #[error("Beloppet är för stort. Samverkan tar belopp upp till {0}.")]
    AmountTooLarge(String),
    #[error("Anslagstiden ska vara mellan 1 och 365 dagar, inte {0}.")]
    NoticeDays(u32),
    #[error("Ogiltigt belopp: ”{0}”.")]
    InvalidAmount(String),
    #[error("Fältet ”{field}” är för långt: {} tecken. Det får vara högst {} tecken.", crate::money::thousands(*length as u64), crate::money::thousands(*max as u64))]
    TooLong {
        field: &'static str,
        length: usize,
        max: usize,
    },
    #[error("”{field}” har för många rader: {count}. Högst {max} går att spara.")]
    TooManyEntries {
        field: &'static str,
        count: usize,
        max: usize,
    },
    #[error("Ogiltigt paragrafnummer: ”{0}”. Ett paragrafnummer börjar med ett tal upp till 99 999.")]
    InvalidItemNumber(String),
    #[error("Datumet {0} har inte varit än.")]
    DateInFuture(String),
    #[error("{0} är inte part i överenskommelsen eller medlem i organet.")]
    NotAParty(String),
    #[error("§ {number} används redan i protokollet {date}. Ett paragrafnummer får bara finnas en gång.")]
    NumberTaken { number: String, date: String },
    #[error(
        "Ett sammanträde som är {0} kan inte tas bort. Det som har skickats för justering eller justerats finns kvar."
    )]
    MeetingNotDeletable(MeetingStatus),
    #[error("Paragrafen används av ett annat sammanträde (en uppföljning eller ett uppdrag), så sammanträdet kan inte tas bort. Ta bort kopplingen först.")]
    MeetingReferenced,
    #[error("Sammanträdet har redan hållits eller ställts in; närvaron förs nu av sekreteraren.")]
    NoticeAnswerClosed,
    #[error("Välj de paragrafer som delvis närvaro gäller.")]
    PresenceWithoutItems,
    #[error("”{0}” är ingen paragraf i det här sammanträdet.")]
    PresenceUnknownItem(String),
    #[error("Beslutet {decided} är fattat före rekommendationen {recommended}. Kontrollera datumet.")]
    DecidedBeforeRecommendation { decided: String, recommended: String },
    #[error("Månaden ska vara mellan 1 och 12, inte {0}.")]
    InvalidMonth(u32),
    #[error("”{0}” saknas men krävs.")]
    Missing(&'static str),
    #[error("Voteringslistan ger ja {counted_yes}, nej {counted_no}, avstår {counted_abstained}, men omröstningen anger ja {yes}, nej {no}, avstår {abstained}.")]
    VoteMismatch {
        counted_yes: u32,
        counted_no: u32,
        counted_abstained: u32,
        yes: u32,
        no: u32,
        abstained: u32,
    },
}
