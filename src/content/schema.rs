//! JSON Schemas of every content file, for editors' YAML tooling
//! (`munipub schema`), and the Chinese field descriptions the `new`
//! skeletons print as comments.
//!
//! The field tables below are the one place a field is described. Unit
//! tests tie every table to the serde structure its loader reads (same
//! field names, same required fields, nested tables too), so a field added
//! to a loader without its description, or renamed, fails the tests.
//!
//! Schemas are JSON Schema draft-07: the draft the VS Code YAML extension
//! (yaml-language-server) validates against. They check each file's form:
//! field names, required fields, types, fixed choices and the site's own
//! categories and groups. What depends on other files or on the calendar
//! (a date that exists, a scheduled issue date, a valid phone number,
//! attachments that exist, unique document numbers) is `munipub check`'s.

use std::path::Path;

use crate::diag::Diagnostics;

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Text; a number written without quotes is read as text too.
    Text,
    /// An ISO date `YYYY-MM-DD`.
    Date,
    Integer,
    Bool,
    /// An http(s) address.
    Url,
    /// A Taiwanese telephone number (`04-22289111`, `1999`).
    Phone,
    /// Extension digits.
    Ext,
    /// Lowercase ASCII letters, digits and hyphens.
    Slug,
    /// Exactly one character.
    OneChar,
    /// A path relative to the file's folder.
    File,
    /// One of fixed words.
    Choice(&'static [&'static str]),
    /// One of the gazette's categories (site-defined).
    Category,
    /// One of the directory's groups (site-defined).
    Group,
    /// A list of texts.
    TextList {
        min: usize,
        unique: bool,
    },
    /// A text, or a list of texts (`agency: [交通局, 警察局]`).
    TextOrList,
    /// Days of the month, 1–31.
    DayList,
    /// `[width, height]` in centimetres.
    Size,
    Object(&'static [Field]),
    List(&'static [Field]),
}

/// One field of a content file.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// The key must be written.
    pub required: bool,
    /// The value may be left empty (`note:`).
    pub may_be_empty: bool,
    /// In Chinese, for editors: shown on hover and in the skeletons.
    pub description: &'static str,
    /// A JSON literal.
    pub example: Option<&'static str>,
    /// A JSON literal: the value used when the field is left out.
    pub default: Option<&'static str>,
}

const fn req(name: &'static str, kind: Kind, description: &'static str) -> Field {
    Field {
        name,
        kind,
        required: true,
        may_be_empty: false,
        description,
        example: None,
        default: None,
    }
}

const fn opt(name: &'static str, kind: Kind, description: &'static str) -> Field {
    Field {
        name,
        kind,
        required: false,
        may_be_empty: true,
        description,
        example: None,
        default: None,
    }
}

impl Field {
    const fn ex(self, example: &'static str) -> Field {
        Field {
            example: Some(example),
            ..self
        }
    }

    const fn or(self, default: &'static str) -> Field {
        Field {
            default: Some(default),
            ..self
        }
    }

    const fn empty_ok(self) -> Field {
        Field {
            may_be_empty: true,
            ..self
        }
    }
}

/// One kind of content file and its fields.
#[derive(Debug, Clone, Copy)]
pub struct FileSchema {
    /// The schema's file stem: `document` → `document.schema.json`.
    pub name: &'static str,
    /// Which files it describes, as a path pattern from the site root.
    pub applies_to: &'static str,
    /// Whether the fields are a Markdown file's front matter.
    pub front_matter: bool,
    pub title: &'static str,
    pub description: &'static str,
    pub fields: &'static [Field],
}

impl FileSchema {
    pub fn file_name(&self) -> String {
        format!("{}.schema.json", self.name)
    }

    /// The field called `name` (the tables are static: a wrong name is a
    /// programming error caught by the tests).
    pub fn field(&self, name: &str) -> &'static Field {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("{} has no field {name}", self.name))
    }
}

// ---------------------------------------------------------------- site.yaml

const FONTS: &[Field] = &[
    opt(
        "body",
        Kind::TextList {
            min: 0,
            unique: false,
        },
        "內文字型檔，可列多個，前面的優先，例如 [fonts/NotoSerifCJK-Regular.ttc#3]",
    ),
    opt(
        "heading",
        Kind::TextList {
            min: 0,
            unique: false,
        },
        "標題字型檔，可列多個，前面的優先",
    ),
    opt(
        "kai",
        Kind::TextList {
            min: 0,
            unique: false,
        },
        "楷書字型檔（春聯用），可列多個，前面的優先",
    ),
];

pub const SITE: FileSchema = FileSchema {
    name: "site",
    applies_to: "site.yaml",
    front_matter: false,
    title: "site.yaml：網站設定",
    description: "網站的名稱、網址與字型。只有 title 與 base_url 必填。",
    fields: &[
        req(
            "title",
            Kind::Text,
            "網站名稱（必填），顯示在每頁頁首與瀏覽器分頁",
        )
        .ex("\"臺中市政府出版品\""),
        req(
            "base_url",
            Kind::Url,
            "網站正式網址（必填），以 https:// 開頭；建置時可用 --base-url 改寫",
        )
        .ex("\"https://www.example.gov.tw/\""),
        opt(
            "publisher",
            Kind::Text,
            "出版機關（選填），不填即用公報設定的 publisher",
        )
        .ex("\"臺中市政府\""),
        opt(
            "allow_html",
            Kind::Bool,
            "是否允許內文直接寫 HTML（選填）；false 時 HTML 會原樣顯示為文字",
        )
        .or("false"),
        opt(
            "fonts",
            Kind::Object(FONTS),
            "字型（選填），不填即用佈景主題附的字型",
        ),
        opt("city", Kind::Text, "城市名稱（選填，目前未顯示）"),
        opt("agency", Kind::Text, "機關名稱（選填，目前未顯示）"),
        opt(
            "theme",
            Kind::Choice(&["default"]),
            "佈景主題（選填），只有 default",
        )
        .or("\"default\""),
    ],
};

// ------------------------------------------------------------------ gazette

pub const GAZETTE: FileSchema = FileSchema {
    name: "gazette",
    applies_to: "content/gazette/_gazette.yaml",
    front_matter: false,
    title: "_gazette.yaml：公報設定",
    description: "公報的名稱、出刊日、期別編法與類別。",
    fields: &[
        req("name", Kind::Text, "公報名稱（必填）").ex("\"臺中市政府公報\""),
        req("publisher", Kind::Text, "出版機關（必填）").ex("\"臺中市政府\""),
        req(
            "schedule",
            Kind::DayList,
            "每月出刊日（必填）；超過當月天數的日子即為該月最後一天",
        )
        .ex("[15, 30]"),
        req(
            "numbering",
            Kind::Choice(&["season", "year"]),
            "期別編法（必填）：season 依季（春／夏／秋／冬字第N期），year 依年（第N期）",
        ),
        req(
            "categories",
            Kind::TextList {
                min: 1,
                unique: true,
            },
            "類別（必填），依每期目錄的順序列出",
        )
        .ex("[\"法規\", \"令\", \"公告\", \"函\", \"人事\", \"其他\"]"),
        opt(
            "pdf_layout",
            Kind::Choice(&["run-on", "new-page"]),
            "公報 PDF 版面（選填）：run-on 公文接續排印、中間以短線分隔（節省紙張），new-page 每份公文另起新頁",
        )
        .or("\"run-on\""),
        opt(
            "gpn",
            Kind::Text,
            "政府出版品統一編號 GPN（選填），10 位數字；印在封面與版權頁",
        )
        .ex("\"1010500123\""),
        opt(
            "issn",
            Kind::Text,
            "ISSN（選填），如 0317-8471（會檢查檢查碼）；印在封面與版權頁",
        )
        .ex("\"0317-8471\""),
        opt(
            "colophon",
            Kind::TextList {
                min: 0,
                unique: false,
            },
            "版權頁的其他各行（選填），如地址、電話、展售處；有 gpn、issn 或 colophon 時公報 PDF 最後一頁為版權頁",
        )
        .ex("[\"地址：40701臺中市西屯區臺灣大道三段99號\", \"電話：04-22289111\"]"),
    ],
};

pub const ISSUE: FileSchema = FileSchema {
    name: "issue",
    applies_to: "content/gazette/*/issue.yaml",
    front_matter: false,
    title: "issue.yaml：一期公報的設定",
    description: "整個檔案都是選填：期別依出刊日自動計算。",
    fields: &[
        opt(
            "number",
            Kind::Text,
            "期別（選填），只在要改掉自動計算的期別時填寫",
        )
        .ex("\"冬字第12期\""),
        opt("note", Kind::Text, "本期備註（選填）").ex("\"本期增刊\""),
        opt(
            "extra",
            Kind::Bool,
            "號外（選填）：true 表示不在出刊日的號外，另編「115年號外第N期」，不影響一般期別",
        )
        .or("false"),
    ],
};

const ATTACHMENT: &[Field] = &[
    req(
        "file",
        Kind::File,
        "附件檔名（必填），檔案放在與文件同名的資料夾內",
    )
    .ex("\"對照表.pdf\""),
    req(
        "title",
        Kind::Text,
        "附件名稱（必填），顯示在文件頁面；空白即顯示檔名",
    )
    .empty_ok()
    .ex("\"修正條文對照表\""),
];

pub const DOCUMENT: FileSchema = FileSchema {
    name: "document",
    applies_to: "content/gazette/*/*.md",
    front_matter: true,
    title: "公報文件的欄位（front matter）",
    description: "公報文件 .md 檔開頭兩行 --- 之間的欄位。",
    fields: &[
        req("title", Kind::Text, "標題（必填）")
            .ex("\"修正「臺中市公有路外停車場收費標準」第三條\""),
        req(
            "category",
            Kind::Category,
            "類別（必填），須為公報設定的類別之一",
        )
        .ex("\"法規\""),
        req(
            "agency",
            Kind::TextOrList,
            "發文機關（必填）；會銜公文寫成清單 [主辦機關, 會銜機關, ...]，第一個為主辦",
        )
        .ex("\"臺中市政府交通局\""),
        req("doc_number", Kind::Text, "發文字號（必填，全公報不可重複）")
            .ex("\"府授交停字第1150012345號\""),
        req("date", Kind::Date, "發文日期（必填，西元年-月-日）").ex("\"2026-11-10\""),
        opt(
            "corrects",
            Kind::Text,
            "更正（選填）：本則更正的前期文件，寫成「刊期日期/檔名（不含 .md）」",
        )
        .ex("\"2026-11-15/01-parking-fees\""),
        opt(
            "effective",
            Kind::Date,
            "生效／施行日期（選填，西元年-月-日）",
        )
        .ex("\"2026-12-01\""),
        opt(
            "comment_until",
            Kind::Date,
            "預告：陳述意見截止日（選填，西元年-月-日），不可早於發文日期",
        )
        .ex("\"2026-12-20\""),
        opt("keywords", Kind::TextOrList, "關鍵詞（選填），寫成清單").ex("[\"停車\", \"收費\"]"),
        opt("title_en", Kind::Text, "英文標題（選填），可供英文搜尋")
            .ex("\"Amendment to Article 3 of the Parking Fee Standards\""),
        opt(
            "attachments",
            Kind::List(ATTACHMENT),
            "附件（選填）：每個附件寫「- file: 檔名」與「title: 附件名稱」，檔案放在與文件同名的資料夾",
        ),
    ],
};

// ---------------------------------------------------------------- directory

pub const DIRECTORY: FileSchema = FileSchema {
    name: "directory",
    applies_to: "content/directory/_directory.yaml",
    front_matter: false,
    title: "_directory.yaml：電話號碼表設定",
    description: "號碼表的名稱、更新日期與機關分類。",
    fields: &[
        req("title", Kind::Text, "號碼表名稱（必填）").ex("\"臺中市政府各機關電話號碼表\""),
        req(
            "updated",
            Kind::Date,
            "資料更新日期（必填，西元年-月-日），印在每一頁",
        )
        .ex("\"2026-11-01\""),
        req(
            "groups",
            Kind::TextList {
                min: 1,
                unique: false,
            },
            "機關分類（必填），依顯示順序列出",
        )
        .ex("[\"一級機關\", \"二級機關\", \"區公所\"]"),
        opt("note", Kind::Text, "附註（選填），顯示在號碼表最後").ex("\"如有異動，請洽秘書處。\""),
    ],
};

const CONTACT: &[Field] = &[
    req("title", Kind::Text, "窗口名稱（必填）").ex("\"導覽預約\""),
    opt(
        "phone",
        Kind::Phone,
        "窗口自己的電話（選填），不填即用單位的電話",
    )
    .ex("\"0800-022-128\""),
    opt("ext", Kind::Ext, "分機（選填），加引號只寫數字").ex("\"11237\""),
];

const UNIT: &[Field] = &[
    req("name", Kind::Text, "單位名稱（必填）").ex("\"公共關係科\""),
    opt("phone", Kind::Phone, "單位電話（選填）").ex("\"04-22289111\""),
    opt("ext", Kind::Ext, "分機（選填），加引號只寫數字").ex("\"11230\""),
    opt("fax", Kind::Phone, "單位傳真（選填）").ex("\"04-22583431\""),
    opt(
        "contacts",
        Kind::List(CONTACT),
        "其他聯絡窗口（選填），每個窗口以「- title:」開頭",
    ),
];

pub const AGENCY: FileSchema = FileSchema {
    name: "agency",
    applies_to: "content/directory/*.yaml",
    front_matter: false,
    title: "一個機關的電話",
    description: "content/directory/ 裡每個機關一個檔案（_directory.yaml 除外）。",
    fields: &[
        req("agency", Kind::Text, "機關名稱（必填）").ex("\"臺中市政府秘書處\""),
        req(
            "group",
            Kind::Group,
            "機關分類（必填），須為 _directory.yaml 的 groups 之一",
        )
        .ex("\"一級機關\""),
        opt(
            "order",
            Kind::Integer,
            "同一分類內的順序（選填），數字小的在前",
        )
        .or("0")
        .ex("10"),
        opt("address", Kind::Text, "地址（選填），含郵遞區號")
            .ex("\"40701臺中市西屯區臺灣大道三段99號\""),
        opt("website", Kind::Url, "網站（選填），以 https:// 開頭")
            .ex("\"https://www.example.gov.tw/\""),
        opt(
            "phone",
            Kind::Phone,
            "總機（選填），例如 04-22289111、0800-022-128、1999",
        )
        .ex("\"04-22289111\""),
        opt("fax", Kind::Phone, "傳真（選填）").ex("\"04-22590148\""),
        opt(
            "units",
            Kind::List(UNIT),
            "單位（選填），每個單位以「- name:」開頭",
        ),
    ],
};

// ----------------------------------------------------------------- couplets

const COUPLET_SET: &[Field] = &[
    req(
        "id",
        Kind::Slug,
        "代號（必填），小寫英文字母、數字與連字號，用於下載檔名",
    )
    .ex("\"horse-1\""),
    req("calligrapher", Kind::Text, "書法家（必填）").ex("\"王大明\""),
    req(
        "upper",
        Kind::Text,
        "上聯（必填），貼在門的右邊；字數須與下聯相同",
    )
    .ex("\"駿馬奔騰迎盛世\""),
    req(
        "lower",
        Kind::Text,
        "下聯（必填），貼在門的左邊；字數須與上聯相同",
    )
    .ex("\"春風浩蕩展新程\""),
    req("banner", Kind::Text, "橫批（必填），通常四個字").ex("\"馬到成功\""),
    req("square", Kind::OneChar, "斗方（必填），一個字").ex("\"春\""),
    opt(
        "scan",
        Kind::File,
        "書法原稿掃描（選填）：資料夾（內放 upper.jpg、lower.jpg、banner.jpg、square.jpg），或圖檔名（旁邊放 horse-1-upper.jpg 等）",
    )
    .ex("\"2026/horse-1.jpg\""),
];

pub const COUPLETS: FileSchema = FileSchema {
    name: "couplets",
    applies_to: "content/couplets/*.yaml",
    front_matter: false,
    title: "一年的市長新春賀聯",
    description: "content/couplets/ 裡每年一個檔案，檔名是西元年（例如 2026.yaml；_couplets.yaml 除外）。",
    fields: &[
        req(
            "year",
            Kind::Integer,
            "春節年份（必填，西元年），須與檔名相同；生肖自動推算",
        )
        .ex("2026"),
        req("title", Kind::Text, "標題（必填）").ex("\"115年市長新春賀聯\""),
        req("released", Kind::Date, "發布日期（必填，西元年-月-日）").ex("\"2026-01-20\""),
        req(
            "sets",
            Kind::List(COUPLET_SET),
            "各組春聯（必填），每組以「- id:」開頭",
        )
        .empty_ok(),
    ],
};

const SIZES: &[Field] = &[
    opt("strip", Kind::Size, "上聯、下聯的 [寬, 高]（公分）").or("[24, 135]"),
    opt("banner", Kind::Size, "橫批的 [寬, 高]（公分）").or("[90, 24]"),
    opt("square", Kind::Size, "斗方轉 45° 前的 [寬, 高]（公分）").or("[45, 45]"),
];

pub const COUPLET_SETTINGS: FileSchema = FileSchema {
    name: "couplets-settings",
    applies_to: "content/couplets/_couplets.yaml",
    front_matter: false,
    title: "_couplets.yaml：春聯印製設定",
    description: "整個檔案都是選填：不寫即用預設尺寸與紙張。",
    fields: &[
        opt(
            "sizes_cm",
            Kind::Object(SIZES),
            "實際印製尺寸（選填，公分）",
        ),
        opt(
            "banner_direction",
            Kind::Choice(&["rtl", "ltr"]),
            "橫批書寫方向（選填）：rtl 由右至左（傳統），ltr 由左至右",
        )
        .or("\"rtl\""),
        opt(
            "home_paper",
            Kind::Choice(&["A4", "A3", "Letter"]),
            "家用印表機的紙張（選填）",
        )
        .or("\"A4\""),
    ],
};

// -------------------------------------------------------------------- pages

pub const PAGE: FileSchema = FileSchema {
    name: "page",
    applies_to: "content/pages/*.md",
    front_matter: true,
    title: "一般頁面的欄位（front matter）",
    description: "content/pages/ 裡 .md 檔開頭兩行 --- 之間的欄位。",
    fields: &[req("title", Kind::Text, "頁面標題（必填）").ex("\"關於本站\"")],
};

/// Every schema, in the order `munipub schema` lists them.
pub const ALL: [&FileSchema; 9] = [
    &SITE,
    &GAZETTE,
    &ISSUE,
    &DOCUMENT,
    &DIRECTORY,
    &AGENCY,
    &COUPLETS,
    &COUPLET_SETTINGS,
    &PAGE,
];

/// The lists a site defines for itself; put into the schemas as the
/// allowed values when they could be read.
#[derive(Debug, Clone, Default)]
pub struct SiteLists {
    /// From `content/gazette/_gazette.yaml`.
    pub categories: Option<Vec<String>>,
    /// From `content/directory/_directory.yaml`.
    pub groups: Option<Vec<String>>,
}

impl SiteLists {
    /// Reads the lists with the loaders' own settings readers; a settings
    /// file that is missing or has an error leaves its list out.
    pub fn read(root: &Path) -> SiteLists {
        let mut ignored = Diagnostics::new();
        SiteLists {
            categories: super::gazette::categories(root, &mut ignored),
            groups: super::directory::groups(root, &mut ignored),
        }
    }
}

/// A JSON value that keeps its keys in the order written, so that the
/// schema files read in the order of the fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn str(s: &str) -> Json {
        Json::String(s.to_string())
    }

    fn num(n: impl ToString) -> Json {
        Json::Number(n.to_string())
    }

    fn strs(items: &[&str]) -> Json {
        Json::Array(items.iter().map(|s| Json::str(s)).collect())
    }

    /// A JSON literal from the tables.
    fn literal(text: &str) -> Json {
        let value: serde_json::Value = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("bad JSON literal {text} in the schema tables: {e}"));
        Json::from_value(&value)
    }

    fn from_value(v: &serde_json::Value) -> Json {
        match v {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(*b),
            serde_json::Value::Number(n) => Json::Number(n.to_string()),
            serde_json::Value::String(s) => Json::String(s.clone()),
            serde_json::Value::Array(a) => Json::Array(a.iter().map(Json::from_value).collect()),
            serde_json::Value::Object(o) => Json::Object(
                o.iter()
                    .map(|(k, v)| (k.clone(), Json::from_value(v)))
                    .collect(),
            ),
        }
    }

    /// Pretty-printed with two-space indents, like `serde_json`'s.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, indent: usize) {
        let pad = |n: usize| "  ".repeat(n);
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => {
                out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()))
            }
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            // Short lists of plain values stay on one line.
            Json::Array(items)
                if items.len() <= 8
                    && items
                        .iter()
                        .all(|i| !matches!(i, Json::Array(_) | Json::Object(_))) =>
            {
                out.push('[');
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push_str(", ");
                    }
                    item.write(out, indent);
                }
                out.push(']');
            }
            Json::Array(items) => {
                out.push_str("[\n");
                for (n, item) in items.iter().enumerate() {
                    out.push_str(&pad(indent + 1));
                    item.write(out, indent + 1);
                    out.push_str(if n + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push(']');
            }
            Json::Object(entries) if entries.is_empty() => out.push_str("{}"),
            Json::Object(entries) => {
                out.push_str("{\n");
                for (n, (key, value)) in entries.iter().enumerate() {
                    out.push_str(&pad(indent + 1));
                    Json::str(key).write(out, indent + 1);
                    out.push_str(": ");
                    value.write(out, indent + 1);
                    out.push_str(if n + 1 < entries.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push('}');
            }
        }
    }
}

const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

/// The JSON Schema of one kind of file.
pub fn schema(file: &FileSchema, lists: &SiteLists) -> Json {
    let mut entries = vec![
        ("$schema".to_string(), Json::str(DRAFT_07)),
        (
            "$comment".to_string(),
            Json::str(&format!(
                "Written by `munipub schema` for {}{}; do not edit, run `munipub schema` again.",
                file.applies_to,
                if file.front_matter {
                    " (front matter)"
                } else {
                    ""
                }
            )),
        ),
        ("title".to_string(), Json::str(file.title)),
        ("description".to_string(), Json::str(file.description)),
    ];
    if let Json::Object(object) = object_schema(file.fields, lists) {
        entries.extend(object);
    }
    Json::Object(entries)
}

fn object_schema(fields: &[Field], lists: &SiteLists) -> Json {
    let properties = fields
        .iter()
        .map(|f| (f.name.to_string(), field_schema(f, lists)))
        .collect();
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let mut entries = vec![
        ("type".to_string(), Json::str("object")),
        ("properties".to_string(), Json::Object(properties)),
    ];
    if !required.is_empty() {
        entries.push(("required".to_string(), Json::strs(&required)));
    }
    entries.push(("additionalProperties".to_string(), Json::Bool(false)));
    Json::Object(entries)
}

/// `"type"`: one type, or a list with `null` added for a field that may
/// be left empty.
fn types(names: &[&str], may_be_empty: bool) -> (String, Json) {
    let mut all: Vec<&str> = names.to_vec();
    if may_be_empty {
        all.push("null");
    }
    let value = if all.len() == 1 {
        Json::str(all[0])
    } else {
        Json::strs(&all)
    };
    ("type".to_string(), value)
}

fn field_schema(f: &Field, lists: &SiteLists) -> Json {
    let mut e: Vec<(String, Json)> = vec![("description".to_string(), Json::str(f.description))];
    let empty = f.may_be_empty;
    let kv = |k: &str, v: Json| (k.to_string(), v);
    // Text as the loaders read it: a number written without quotes is
    // text too (`ext: 11230`, `phone: 1999`); a required text must hold
    // more than spaces.
    let text = |e: &mut Vec<(String, Json)>| {
        e.push(types(&["string", "number"], empty));
        if !empty {
            e.push(kv("pattern", Json::str("\\S")));
        }
    };
    let one_of = |e: &mut Vec<(String, Json)>, values: &[String]| {
        let mut all: Vec<Json> = values.iter().map(|v| Json::str(v)).collect();
        if empty {
            all.push(Json::Null);
        }
        e.push(kv("enum", Json::Array(all)));
    };
    match f.kind {
        Kind::Text | Kind::Phone | Kind::Ext | Kind::File => text(&mut e),
        Kind::Date => {
            e.push(types(&["string"], empty));
            e.push(kv("pattern", Json::str("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$")));
        }
        Kind::Integer => e.push(types(&["integer"], empty)),
        Kind::Bool => e.push(types(&["boolean"], false)),
        Kind::Url => {
            e.push(types(&["string"], empty));
            e.push(kv("pattern", Json::str("^https?://\\S")));
        }
        Kind::Slug => {
            e.push(types(&["string", "integer"], empty));
            e.push(kv("pattern", Json::str("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")));
        }
        Kind::OneChar => {
            e.push(types(&["string"], empty));
            e.push(kv("minLength", Json::num(1)));
            e.push(kv("maxLength", Json::num(1)));
        }
        Kind::Choice(values) => {
            let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            one_of(&mut e, &values);
        }
        Kind::Category | Kind::Group => {
            let list = match f.kind {
                Kind::Category => &lists.categories,
                _ => &lists.groups,
            };
            match list {
                Some(values) => one_of(&mut e, values),
                None => text(&mut e),
            }
        }
        Kind::TextList { min, unique } => {
            e.push(types(&["array"], empty));
            e.push(kv(
                "items",
                Json::Object(vec![types(&["string", "number"], false)]),
            ));
            if min > 0 {
                e.push(kv("minItems", Json::num(min)));
            }
            if unique {
                e.push(kv("uniqueItems", Json::Bool(true)));
            }
        }
        Kind::TextOrList => {
            let item = Json::Object(vec![types(&["string", "number"], false)]);
            let mut list = vec![types(&["array"], false), kv("items", item.clone())];
            if !empty {
                list.push(kv("minItems", Json::num(1)));
            }
            let mut text = vec![types(&["string", "number"], empty)];
            if !empty {
                text.push(kv("pattern", Json::str("\\S")));
            }
            e.push(kv(
                "oneOf",
                Json::Array(vec![Json::Object(text), Json::Object(list)]),
            ));
        }
        Kind::DayList => {
            e.push(types(&["array"], false));
            e.push(kv(
                "items",
                Json::Object(vec![
                    types(&["integer"], false),
                    kv("minimum", Json::num(1)),
                    kv("maximum", Json::num(31)),
                ]),
            ));
            e.push(kv("minItems", Json::num(1)));
        }
        Kind::Size => {
            e.push(types(&["array"], empty));
            e.push(kv(
                "items",
                Json::Object(vec![
                    types(&["number"], false),
                    kv("minimum", Json::num(1)),
                    kv("maximum", Json::num(500)),
                ]),
            ));
            e.push(kv("minItems", Json::num(2)));
            e.push(kv("maxItems", Json::num(2)));
        }
        Kind::Object(fields) => {
            if let Json::Object(o) = object_schema(fields, lists) {
                e.extend(o);
            }
        }
        Kind::List(fields) => {
            e.push(types(&["array"], empty));
            e.push(kv("items", object_schema(fields, lists)));
        }
    }
    if let Some(d) = f.default {
        e.push(kv("default", Json::literal(d)));
    }
    if let Some(x) = f.example {
        e.push(kv("examples", Json::Array(vec![Json::literal(x)])));
    }
    Json::Object(e)
}

/// Every schema file: (file name, text).
pub fn all(lists: &SiteLists) -> Vec<(String, String)> {
    ALL.iter()
        .map(|f| (f.file_name(), schema(f, lists).pretty()))
        .collect()
}

/// The `yaml.schemas` setting of the VS Code YAML extension for schemas
/// in `dir` (relative to the site root, e.g. `schemas`): each schema with
/// the files it describes. Front-matter schemas are left out (the
/// extension does not read Markdown), and so are `_directory.yaml` and
/// `_couplets.yaml`: their folders' pattern would give them a second
/// schema, so they name theirs in a `# yaml-language-server: $schema=`
/// line instead.
pub fn vscode_yaml_schemas(dir: &str) -> Json {
    let by_folder = [DIRECTORY.applies_to, COUPLET_SETTINGS.applies_to];
    Json::Object(
        ALL.iter()
            .filter(|f| !f.front_matter && !by_folder.contains(&f.applies_to))
            .map(|f| {
                (
                    format!("./{dir}/{}", f.file_name()),
                    Json::str(f.applies_to),
                )
            })
            .collect(),
    )
}

/// The modeline that gives a settings file its schema, from its folder.
pub fn modeline(file: &FileSchema, dir: &str) -> String {
    let depth = file.applies_to.matches('/').count();
    format!(
        "# yaml-language-server: $schema={}{dir}/{}",
        "../".repeat(depth),
        file.file_name()
    )
}

#[cfg(test)]
mod tests {
    use serde::de::DeserializeOwned;
    use serde_json::{Map, Value, json};

    use super::*;

    /// A value of the kind that the loader's structure accepts.
    fn sample(kind: Kind) -> Value {
        match kind {
            Kind::Text | Kind::Phone | Kind::Ext | Kind::File | Kind::Category | Kind::Group => {
                json!("文字")
            }
            Kind::Date => json!("2026-11-15"),
            Kind::Integer => json!(2026),
            Kind::Bool => json!(false),
            Kind::Url => json!("https://www.example.gov.tw/"),
            Kind::Slug => json!("horse-1"),
            Kind::OneChar => json!("春"),
            Kind::Choice(values) => json!(values[0]),
            Kind::TextList { .. } | Kind::TextOrList => json!(["一"]),
            Kind::DayList => json!([15, 30]),
            Kind::Size => json!([24, 135]),
            Kind::Object(fields) => Value::Object(minimal(fields, true)),
            Kind::List(fields) => json!([Value::Object(minimal(fields, true))]),
        }
    }

    /// An object with the required fields (or every field).
    fn minimal(fields: &[Field], all: bool) -> Map<String, Value> {
        fields
            .iter()
            .filter(|f| all || f.required)
            .map(|f| (f.name.to_string(), sample(f.kind)))
            .collect()
    }

    /// The field names serde's error lists for an unknown field.
    fn names_in(message: &str) -> Vec<String> {
        let expected = message
            .split_once("expected ")
            .map(|(_, e)| e)
            .unwrap_or("");
        let mut names: Vec<String> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect();
        names.sort();
        names
    }

    type Deser = fn(Value) -> Result<(), String>;

    fn deser<T: DeserializeOwned>(v: Value) -> Result<(), String> {
        serde_json::from_value::<T>(v)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Checks one table (and the tables nested in it) against the loader's
    /// structure: `wrap` puts an object of this table into a whole file.
    fn check_table(what: &str, fields: &[Field], wrap: &dyn Fn(Value) -> Value, de: Deser) {
        // Names: the loader rejects an unknown field and lists its own.
        let mut probe = minimal(fields, false);
        probe.insert("zz_probe".into(), json!(1));
        let Err(err) = de(wrap(Value::Object(probe))) else {
            panic!("{what}: the loader accepts unknown fields (deny_unknown_fields is missing)");
        };
        let mut ours: Vec<String> = fields.iter().map(|f| f.name.to_string()).collect();
        ours.sort();
        assert_eq!(
            names_in(&err),
            ours,
            "{what}: the schema's fields and the loader's differ ({err})"
        );
        // Required: the required fields alone are accepted, all fields
        // too, and leaving out a required one is refused.
        de(wrap(Value::Object(minimal(fields, false))))
            .unwrap_or_else(|e| panic!("{what}: required fields alone: {e}"));
        de(wrap(Value::Object(minimal(fields, true))))
            .unwrap_or_else(|e| panic!("{what}: every field: {e}"));
        for f in fields.iter().filter(|f| f.required) {
            let mut without = minimal(fields, false);
            without.remove(f.name);
            let Err(err) = de(wrap(Value::Object(without))) else {
                panic!(
                    "{what}.{}: the schema says required, the loader accepts the file without it",
                    f.name
                );
            };
            assert!(
                err.contains(&format!("missing field `{}`", f.name)),
                "{what}.{}: {err}",
                f.name
            );
        }
        // Nested tables.
        for f in fields {
            let put = |inner: Value| {
                let mut outer = minimal(fields, false);
                outer.insert(f.name.to_string(), inner);
                wrap(Value::Object(outer))
            };
            match f.kind {
                Kind::Object(sub) => check_table(&format!("{what}.{}", f.name), sub, &put, de),
                Kind::List(sub) => check_table(
                    &format!("{what}.{}[]", f.name),
                    sub,
                    &|inner| put(json!([inner])),
                    de,
                ),
                _ => {}
            }
        }
    }

    #[test]
    fn tables_match_the_loaders() {
        let cases: [(&FileSchema, Deser); 9] = [
            (&SITE, deser::<super::super::settings::RawSettings>),
            (&GAZETTE, deser::<super::super::gazette::RawGazette>),
            (&ISSUE, deser::<super::super::gazette::RawIssue>),
            (&DOCUMENT, deser::<super::super::gazette::RawDocument>),
            (&DIRECTORY, deser::<super::super::directory::RawDirectory>),
            (&AGENCY, deser::<super::super::directory::RawAgency>),
            (&COUPLETS, deser::<super::super::couplets::RawYear>),
            (
                &COUPLET_SETTINGS,
                deser::<super::super::couplets::RawSettings>,
            ),
            (&PAGE, deser::<super::super::pages::RawPage>),
        ];
        for (file, de) in cases {
            check_table(file.name, file.fields, &|v| v, de);
        }
    }

    #[test]
    fn every_description_is_chinese_and_every_literal_parses() {
        fn walk(fields: &[Field]) {
            for f in fields {
                assert!(
                    f.description
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{}: description in Chinese",
                    f.name
                );
                for l in [f.example, f.default].into_iter().flatten() {
                    Json::literal(l);
                }
                if let Kind::Object(sub) | Kind::List(sub) = f.kind {
                    walk(sub);
                }
            }
        }
        for file in ALL {
            walk(file.fields);
        }
    }

    #[test]
    fn pretty_output_is_json_in_field_order() {
        let lists = SiteLists {
            categories: Some(vec!["法規".into(), "公告".into()]),
            groups: None,
        };
        let text = schema(&DOCUMENT, &lists).pretty();
        let v: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(v["$schema"], DRAFT_07);
        assert_eq!(v["properties"]["category"]["enum"], json!(["法規", "公告"]));
        assert_eq!(
            v["required"],
            json!(["title", "category", "agency", "doc_number", "date"])
        );
        assert!(text.find("\"title\"").unwrap() < text.find("\"category\"").unwrap());
        let agency = schema(&AGENCY, &lists).pretty();
        let v: Value = serde_json::from_str(&agency).unwrap();
        assert!(v["properties"]["group"].get("enum").is_none());
        assert_eq!(
            v["properties"]["group"]["type"],
            json!(["string", "number"])
        );
    }

    #[test]
    fn vscode_settings_give_each_yaml_file_one_schema() {
        let Json::Object(map) = vscode_yaml_schemas("schemas") else {
            panic!("an object");
        };
        let keys: Vec<&str> = map.iter().map(|(k, _)| k.as_str()).collect();
        assert!(keys.contains(&"./schemas/agency.schema.json"));
        assert!(!keys.iter().any(|k| k.contains("document")));
        assert_eq!(
            modeline(&DIRECTORY, "schemas"),
            "# yaml-language-server: $schema=../../schemas/directory.schema.json"
        );
    }
}
