//! Words for the model's enums in Chinese and English, shared by the CLI and the browser.

use crate::case::{Attack, Body, FactKey, Failure, Level, SystemKind};
use crate::verdict::{Kind, Position, Text};

fn t(zh: &str, en: &str) -> Text {
    Text::new(zh, en)
}

/// The disclaimer every verdict carries.
pub fn disclaimer() -> Text {
    t(
        "本结论是《党委(党组)网络安全工作责任制实施办法》的训练模型推演结果，供桌面推演教学使用，不是法律意见或问责决定。",
        "This verdict comes from a training model of the regulation for tabletop exercises; it is not a legal opinion or an accountability ruling.",
    )
}

/// An attack kind.
pub fn attack(a: Attack) -> Text {
    match a {
        Attack::None => t("无攻击", "no attack"),
        Attack::Fault => t("技术故障（非攻击）", "technical fault (not an attack)"),
        Attack::Mistake => t("操作失误（非攻击）", "operator mistake (not an attack)"),
        Attack::Defacement => t("网页篡改攻击", "defacement"),
        Attack::Ddos => t("拒绝服务攻击", "denial of service"),
        Attack::Intrusion => t("入侵", "intrusion"),
        Attack::Ransomware => t("勒索软件", "ransomware"),
        Attack::Malware => t("恶意代码", "malware"),
        Attack::DataTheft => t("数据窃取", "data theft"),
        Attack::OtherAttack => t("其他攻击", "another attack"),
    }
}

/// A system kind.
pub fn system_kind(k: SystemKind) -> Text {
    match k {
        SystemKind::Portal => t("党政机关门户网站", "Party or government portal"),
        SystemKind::News => t("重点新闻网站", "key news website"),
        SystemKind::Platform => t("大型网络平台", "large online platform"),
        SystemKind::Other => t("其他网络和信息系统", "other network or information system"),
    }
}

/// An administrative level.
pub fn level(l: Level) -> Text {
    match l {
        Level::Township => t("乡镇", "township"),
        Level::County => t("县级", "county"),
        Level::Prefecture => t("地市级", "prefecture"),
        Level::Province => t("省级", "province"),
        Level::Central => t("中央", "central"),
    }
}

/// A place in the chain.
pub fn position(p: Position) -> Text {
    match p {
        Position::Party => t("当事人", "person directly involved"),
        Position::SecurityOfficer => t("网络安全负责人", "head of cybersecurity work"),
        Position::CyberLeader => t(
            "主管网络安全的领导班子成员",
            "leadership-team member in charge of cybersecurity",
        ),
        Position::MainLeader => t("领导班子主要负责人", "principal leader of the leadership team"),
        Position::Member => t("参与决策的班子成员", "team member who took part in the decision"),
        Position::RegulatorHead => t("监管部门负责人", "head of the supervisory department"),
        Position::CoordinatorHead => t("综合协调部门负责人", "head of the coordinating department"),
    }
}

/// A kind of responsibility.
pub fn kind(k: Kind) -> Text {
    match k {
        Kind::Direct => t("直接责任", "direct responsibility"),
        Kind::Leadership => t("领导责任（逐级倒查）", "leadership responsibility (traced back)"),
        Kind::MainLeadership => t("主要领导责任", "principal leadership responsibility"),
        Kind::ImportantLeadership => t("重要领导责任", "important leadership responsibility"),
        Kind::Coordination => t(
            "协调监管不力责任",
            "responsibility for inadequate coordination or supervision",
        ),
    }
}

/// A kind of responsibility in a few words, to fit under a box of the org chart.
pub fn kind_short(k: Kind) -> Text {
    match k {
        Kind::Direct => t("直接责任", "direct"),
        Kind::Leadership => t("领导责任", "leadership"),
        Kind::MainLeadership => t("主要领导责任", "principal leadership"),
        Kind::ImportantLeadership => t("重要领导责任", "important leadership"),
        Kind::Coordination => t("协调监管不力", "inadequate coordination or supervision"),
    }
}

/// A fact an act or decision can cause.
pub fn fact(f: FactKey) -> Text {
    match f {
        FactKey::Report => t("未及时报告", "late report"),
        FactKey::Handling => t("未及时处置", "late handling"),
        FactKey::Leak => t("数据泄露", "the leak"),
        FactKey::Conceal => t("封锁、瞒报", "concealment"),
        FactKey::RefuseInvestigation => t("拒不配合调查", "refusing the investigation"),
        FactKey::UnfixedRisk => t("通报隐患未整改", "notified hidden risk not rectified"),
        FactKey::Obstruct => t("阻碍公安、国家安全机关", "obstructing public or state security organs"),
        FactKey::RefuseSupport => t(
            "拒不提供支持和保障",
            "refusing support and guarantees to public or state security organs",
        ),
        FactKey::Other => t("其他严重危害行为", "another serious act"),
    }
}

/// A failure of a supervisory or coordinating body, in the words of the duty it breaks.
pub fn failure(f: Failure, body: Body) -> Text {
    match (body, f) {
        (Body::Regulator, Failure::NoInspection) => t(
            "未依法开展网络安全检查、处置网络安全事件",
            "did not inspect or handle the incident as the law requires",
        ),
        (Body::Regulator, Failure::NoNotification) => t(
            "未及时将情况通报系统所在地区网络安全和信息化领导机构",
            "did not notify the cyberspace affairs body of the system's locality in time",
        ),
        (Body::Coordinator, Failure::NoInspection) => t(
            "未统筹协调开展网络安全检查",
            "did not provide overall coordination of cybersecurity inspections",
        ),
        (Body::Coordinator, Failure::NoNotification) => t(
            "未组织指导网络安全信息通报",
            "did not organise the notification of cybersecurity information",
        ),
        (_, Failure::NoJointAction) => t(
            "所在地区检查、处置涉及重要行业的事件时，未会同相关主管监管部门进行",
            "the locality's inspection and handling in an important sector was not carried out jointly with the regulator",
        ),
    }
}

/// The short title of an item of Art 8 ¶2.
pub fn item_title(id: &str) -> Text {
    match id {
        "art8.2.1" => t(
            "（一）网站被篡改致有害信息大面积扩散",
            "(1) defacement with mass spread",
        ),
        "art8.2.2" => t(
            "（二）地市级以上网站受攻击瘫痪6小时以上",
            "(2) portal or key news site at prefecture level or above down 6 h+ after an attack",
        ),
        "art8.2.3" => t(
            "（三）国家秘密、个人信息、基础数据泄露",
            "(3) leak of secrets, personal or basic data",
        ),
        "art8.2.4" => t(
            "（四）关键信息基础设施遭攻击未及时处置",
            "(4) CII attack not handled in time",
        ),
        "art8.2.5" => t(
            "（五）封锁瞒报、拒不配合、隐患不改",
            "(5) concealment, refusal to cooperate, hidden risks not rectified",
        ),
        "art8.2.6" => t(
            "（六）阻碍或拒不支持公安、国家安全机关",
            "(6) obstructing public or state security organs",
        ),
        _ => t("（七）其他严重危害网络安全行为", "(7) other serious acts"),
    }
}

/// What reading `id` says in `value` (empty for an unknown id or value).
pub fn reading(id: &str, value: &str) -> Text {
    crate::params::reading(id)
        .and_then(|spec| {
            let index = spec.values.iter().position(|v| *v == value)?;
            let [zh, en] = spec.labels[index];
            Some(t(zh, en))
        })
        .unwrap_or_default()
}

/// What a parameter means (empty for an unknown name).
pub fn param(name: &str) -> Text {
    crate::params::param(name).map_or_else(Text::default, |spec| t(spec.label[0], spec.label[1]))
}

/// The short name of a condition, by its name within the item (empty for an unknown name).
pub fn condition(name: &str) -> Text {
    crate::conditions::condition(name).map_or_else(Text::default, |c| t(c.label[0], c.label[1]))
}
