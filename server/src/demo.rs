//! The demo team: a believable Japanese B2B sales team seeded into an empty database, so a new
//! user sees real data at once. Deterministic (a fixed-seed generator) apart from "now".
//!
//! 1 manager, 3 appointers, 2 closers, 2 customer-success staff, 1 sales admin; ~200 accounts;
//! ~300 deals over the sales and customer-success pipelines; 30 days of activities; a talk script
//! with branches and objections; knowledge-base articles; hand-offs; targets.

use crate::migration::tables::*;
use crate::service::members::create_with_hash;
use crate::service::{ServiceError, ServiceResult, now};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use sea_orm::sea_query::{Expr, Iden, IntoIden, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait, Value};
use shared::api::NewMember;
use shared::{Locale, MemberId, Role};

/// The demo password of every demo member.
pub const DEMO_PASSWORD: &str = "baton-demo";

/// The demo team's own company (what `{member.company}` says when no company name is
/// configured and the demo team is present).
pub const DEMO_COMPANY: &str = "バトン株式会社";

/// The demo logins: (e-mail, name, roles).
pub const DEMO_MEMBERS: &[(&str, &str, &[Role])] = &[
    ("manager@example.com", "田中 誠", &[Role::Manager]),
    ("appointer1@example.com", "佐藤 美咲", &[Role::Appointer]),
    ("appointer2@example.com", "鈴木 健太", &[Role::Appointer]),
    ("appointer3@example.com", "高橋 愛", &[Role::Appointer]),
    ("closer1@example.com", "伊藤 大輔", &[Role::Closer]),
    ("closer2@example.com", "渡辺 由美", &[Role::Closer]),
    ("success1@example.com", "山本 翔", &[Role::Success]),
    ("success2@example.com", "中村 花子", &[Role::Success]),
    ("admin@example.com", "小林 恵", &[Role::Admin]),
];

/// Prints the demo logins to the terminal.
pub fn print_logins() {
    println!();
    println!("Demo team (password for every login: {DEMO_PASSWORD})");
    for (email, name, roles) in DEMO_MEMBERS {
        let roles: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        println!("  {email:<26} {name:<8} {}", roles.join(", "));
    }
    println!();
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const PREFIXES: &[(&str, &str)] = &[
    ("山田", "ヤマダ"),
    ("東和", "トウワ"),
    ("北斗", "ホクト"),
    ("さくら", "サクラ"),
    ("日の出", "ヒノデ"),
    ("大和", "ヤマト"),
    ("青葉", "アオバ"),
    ("富岳", "フガク"),
    ("みなと", "ミナト"),
    ("瑞穂", "ミズホ"),
    ("光陽", "コウヨウ"),
    ("中央", "チュウオウ"),
    ("東洋", "トウヨウ"),
    ("丸山", "マルヤマ"),
    ("新星", "シンセイ"),
    ("若葉", "ワカバ"),
    ("桜井", "サクライ"),
    ("白鷺", "シラサギ"),
    ("紅葉", "モミジ"),
    ("藤和", "フジワ"),
    ("旭日", "キョクジツ"),
    ("明和", "メイワ"),
];

const SUFFIXES: &[(&str, &str, &str)] = &[
    ("製作所", "セイサクショ", "製造業"),
    ("工業", "コウギョウ", "製造業"),
    ("商事", "ショウジ", "卸売業"),
    ("物流", "ブツリュウ", "運輸業"),
    ("システムズ", "システムズ", "情報通信業"),
    ("ソリューションズ", "ソリューションズ", "情報通信業"),
    ("建設", "ケンセツ", "建設業"),
    ("不動産", "フドウサン", "不動産業"),
    ("食品", "ショクヒン", "食品製造業"),
    ("薬品", "ヤクヒン", "医薬品"),
    ("電機", "デンキ", "電気機器"),
    ("メディカル", "メディカル", "医療・福祉"),
    ("リテール", "リテール", "小売業"),
    ("エナジー", "エナジー", "電気・ガス"),
];

/// Territories and their prefectures.
const TERRITORIES: &[(&str, &[&str])] = &[
    ("首都圏", &["東京都", "神奈川県", "埼玉県", "千葉県"]),
    ("関西", &["大阪府", "京都府", "兵庫県"]),
    ("中部", &["愛知県", "静岡県", "岐阜県"]),
    ("九州・中国", &["福岡県", "熊本県", "広島県"]),
    ("北海道・東北", &["北海道", "宮城県"]),
];

/// Segments: (name, rank, key account, contact interval in days).
const SEGMENTS: &[(&str, &str, bool, i32)] = &[
    ("エンタープライズ", "A", true, 14),
    ("中堅企業", "B", false, 30),
    ("中小企業", "C", false, 60),
    ("スタートアップ", "C", false, 45),
];

const FAMILY: &[(&str, &str)] = &[
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("清水", "シミズ"),
    ("山崎", "ヤマザキ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
    ("橋本", "ハシモト"),
    ("阿部", "アベ"),
    ("石川", "イシカワ"),
    ("前田", "マエダ"),
];
const GIVEN: &[(&str, &str)] = &[
    ("翔太", "ショウタ"),
    ("陽子", "ヨウコ"),
    ("拓也", "タクヤ"),
    ("直美", "ナオミ"),
    ("浩二", "コウジ"),
    ("真由美", "マユミ"),
    ("隆", "タカシ"),
    ("恵子", "ケイコ"),
    ("健一", "ケンイチ"),
    ("彩", "アヤ"),
];
const TITLES: &[&str] = &[
    "代表取締役",
    "情報システム部 部長",
    "営業企画部 課長",
    "総務部 主任",
    "経営企画室 室長",
    "人事部 マネージャー",
];

/// What the demo team sells: (product, base amount in yen).
const PRODUCTS: &[(&str, i64)] = &[
    ("クラウド勤怠管理", 1_200_000),
    ("経費精算システム", 900_000),
    ("電子契約サービス", 600_000),
    ("CRM導入支援", 3_500_000),
    ("セキュリティ診断", 1_800_000),
    ("データ分析基盤", 6_000_000),
];

/// Sales pipeline stages: (name, probability, owning role, stall days, kind).
const SALES_STAGES: &[(&str, i32, Role, i32, &str)] = &[
    ("新規リード", 5, Role::Appointer, 7, "open"),
    ("架電中", 10, Role::Appointer, 10, "open"),
    ("アポ獲得", 20, Role::Appointer, 7, "open"),
    ("商談", 30, Role::Closer, 14, "open"),
    ("提案", 50, Role::Closer, 14, "open"),
    ("交渉", 70, Role::Closer, 21, "open"),
    ("受注", 100, Role::Closer, 365, "won"),
    ("失注", 0, Role::Closer, 365, "lost"),
];

/// Customer-success stages.
const SUCCESS_STAGES: &[(&str, i32, Role, i32, &str)] = &[
    ("オンボーディング", 90, Role::Success, 30, "open"),
    ("定着", 90, Role::Success, 90, "open"),
    ("更新", 80, Role::Success, 30, "open"),
    ("解約", 0, Role::Success, 365, "lost"),
];

/// A deadline `minutes` business minutes after `t` (the hand-off types' calendar).
fn business(t: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
    shared::sla::Calendar::default().add_business_minutes(t, minutes)
}

/// Seeds the demo team when the database has no members; `Ok(false)` if it has some.
pub async fn seed_if_empty(db: &DatabaseConnection) -> ServiceResult<bool> {
    if crate::service::members::any_member(db).await? {
        return Ok(false);
    }
    seed(db).await?;
    Ok(true)
}

/// An open deal, for generating activities: (deal id, account id, stage key).
/// The stage key is the stage position, plus 100 in the customer-success pipeline.
struct OpenDeal(i64, i64, usize);

/// Whether the demo team's manager is a member of this database.
pub async fn is_present(db: &DatabaseConnection) -> ServiceResult<bool> {
    use crate::entity::member;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let found = member::Entity::find()
        .filter(member::Column::Email.eq(DEMO_MEMBERS[0].0))
        .one(db)
        .await?;
    Ok(found.is_some())
}

struct Rows {
    table: sea_orm::sea_query::DynIden,
    columns: Vec<&'static str>,
    rows: Vec<Vec<Value>>,
}

impl Rows {
    fn new<T: Iden + 'static>(table: T, columns: &[&'static str]) -> Self {
        Self {
            table: table.into_iden(),
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }
    fn push(&mut self, row: Vec<Value>) {
        self.rows.push(row);
    }
    async fn insert<C: ConnectionTrait>(self, db: &C) -> ServiceResult<()> {
        let per_chunk = (5_000 / self.columns.len().max(1)).max(1);
        for chunk in self.rows.chunks(per_chunk) {
            let mut q = Query::insert();
            q.into_table(self.table.clone()).columns(
                self.columns
                    .iter()
                    .map(|c| sea_orm::sea_query::Alias::new(*c)),
            );
            for row in chunk {
                q.values(row.iter().cloned().map(Expr::val))
                    .map_err(|e| ServiceError::Internal(e.to_string()))?;
            }
            db.execute(&q).await?;
        }
        Ok(())
    }
}

fn v<T: Into<Value>>(x: T) -> Value {
    x.into()
}

/// 09:00–18:00 Japan time on `day`, as UTC.
fn work_time(rng: &mut Rng, day: NaiveDate) -> DateTime<Utc> {
    let minutes = rng.range(0, 9 * 60 - 1);
    let jst_midnight =
        Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default()) - Duration::hours(9);
    jst_midnight + Duration::hours(9) + Duration::minutes(minutes)
}

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[expect(
    clippy::too_many_lines,
    reason = "one linear script of demo data reads best in one place"
)]
async fn seed(db: &DatabaseConnection) -> ServiceResult<()> {
    let hash = {
        let pw = DEMO_PASSWORD.to_owned();
        tokio::task::spawn_blocking(move || crate::password::hash(&pw))
            .await
            .map_err(|e| ServiceError::Internal(e.to_string()))?
            .map_err(ServiceError::Internal)?
    };
    let mut ids = Vec::new();
    for (email, name, roles) in DEMO_MEMBERS {
        let m = NewMember {
            email: (*email).to_owned(),
            name: (*name).to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            roles: roles.to_vec(),
            locale: Some(Locale::Ja),
            time_zone: Some("Asia/Tokyo".to_owned()),
        };
        ids.push(create_with_hash(db, None, &m, &hash).await?.id);
    }
    let manager = ids[0];
    let appointers: Vec<MemberId> = ids[1..4].to_vec();
    let closers: Vec<MemberId> = ids[4..6].to_vec();
    let successes: Vec<MemberId> = ids[6..8].to_vec();

    let txn = db.begin().await?;
    let t_now = now();
    let today = t_now.date_naive();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);

    // Segments and territories.
    let mut seg = Rows::new(
        Segments::Table,
        &[
            "id",
            "name",
            "rank",
            "key_account",
            "contact_interval_days",
            "position",
        ],
    );
    for (i, (name, rank, key, days)) in SEGMENTS.iter().enumerate() {
        seg.push(vec![
            v(i as i64 + 1),
            v(*name),
            v(*rank),
            v(*key),
            v(*days),
            v(i as i32),
        ]);
    }
    seg.insert(&txn).await?;
    let mut ter = Rows::new(Territories::Table, &["id", "name", "position"]);
    for (i, (name, _)) in TERRITORIES.iter().enumerate() {
        ter.push(vec![v(i as i64 + 1), v(*name), v(i as i32)]);
    }
    ter.insert(&txn).await?;

    // Coverage: every appointer, closer and success member covers every territory; segment A
    // accounts go to the first closer and success member by preference (weights).
    let mut cov = Rows::new(
        MemberRoleTerritories::Table,
        &["member_id", "role", "territory_id"],
    );
    for (group, role) in [
        (&appointers, Role::Appointer),
        (&closers, Role::Closer),
        (&successes, Role::Success),
    ] {
        for m in group.iter() {
            for t in 1..=TERRITORIES.len() as i64 {
                cov.push(vec![v(m.0), v(role.as_str()), v(t)]);
            }
        }
    }
    cov.insert(&txn).await?;

    // Accounts and contacts.
    let mut names: Vec<(usize, usize, bool)> = Vec::new();
    for p in 0..PREFIXES.len() {
        for s in 0..SUFFIXES.len() {
            names.push((p, s, rng.chance(60)));
        }
    }
    for i in (1..names.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        names.swap(i, j);
    }
    names.truncate(200);
    let mut acc = Rows::new(
        Accounts::Table,
        &[
            "id",
            "name",
            "name_kana",
            "industry",
            "prefecture",
            "segment_id",
            "territory_id",
            "phone",
            "website",
            "employees",
            "created_at",
            "updated_at",
            "version",
        ],
    );
    let mut con = Rows::new(
        Contacts::Table,
        &[
            "id",
            "account_id",
            "name",
            "name_kana",
            "title",
            "email",
            "phone",
            "is_primary",
            "created_at",
            "updated_at",
        ],
    );
    let mut account_segment = Vec::new();
    let mut contact_of = Vec::new();
    let mut contact_id = 0i64;
    for (i, (p, s, front)) in names.iter().enumerate() {
        let id = i as i64 + 1;
        let (pn, pk) = PREFIXES[*p];
        let (sn, sk, industry) = SUFFIXES[*s];
        let name = if *front {
            format!("株式会社{pn}{sn}")
        } else {
            format!("{pn}{sn}株式会社")
        };
        let kana = format!("{pk}{sk}");
        let t = rng.below(TERRITORIES.len() as u64) as usize;
        let pref = *rng.pick(TERRITORIES[t].1);
        let segment = match rng.below(100) {
            0..=14 => 1,
            15..=49 => 2,
            50..=84 => 3,
            _ => 4,
        };
        account_segment.push(segment);
        let employees = match segment {
            1 => rng.range(1000, 12000),
            2 => rng.range(300, 999),
            3 => rng.range(20, 299),
            _ => rng.range(10, 150),
        };
        let created = t_now - Duration::days(rng.range(40, 400));
        acc.push(vec![
            v(id),
            v(name),
            v(kana),
            v(industry),
            v(pref),
            v(segment),
            v(t as i64 + 1),
            v(format!(
                "0{}-{:04}-{:04}",
                rng.range(3, 9),
                rng.range(1000, 9999),
                rng.range(1000, 9999)
            )),
            v(format!("https://www.example-{id}.co.jp")),
            v(employees as i32),
            v(created),
            v(created),
            v(1),
        ]);
        let n_contacts = 1 + rng.below(2);
        let first_contact = contact_id + 1;
        for k in 0..n_contacts {
            contact_id += 1;
            let (fam, famk) = *rng.pick(FAMILY);
            let (giv, givk) = *rng.pick(GIVEN);
            con.push(vec![
                v(contact_id),
                v(id),
                v(format!("{fam} {giv}")),
                v(format!("{famk} {givk}")),
                v(*rng.pick(TITLES)),
                v(format!("contact{contact_id}@example-{id}.co.jp")),
                v(format!(
                    "0{}-{:04}-{:04}",
                    rng.range(3, 9),
                    rng.range(1000, 9999),
                    rng.range(1000, 9999)
                )),
                v(k == 0),
                v(created),
                v(created),
            ]);
        }
        contact_of.push(first_contact);
    }
    acc.insert(&txn).await?;
    con.insert(&txn).await?;

    // Pipelines and stages.
    let mut pip = Rows::new(
        Pipelines::Table,
        &["id", "name", "kind", "position", "created_at"],
    );
    pip.push(vec![v(1i64), v("新規開拓"), v("sales"), v(0), v(t_now)]);
    pip.push(vec![
        v(2i64),
        v("カスタマーサクセス"),
        v("success"),
        v(1),
        v(t_now),
    ]);
    pip.insert(&txn).await?;
    let mut stg = Rows::new(
        Stages::Table,
        &[
            "id",
            "pipeline_id",
            "name",
            "position",
            "probability",
            "owning_role",
            "stall_days",
            "kind",
        ],
    );
    let mut stage_id = 0i64;
    for (pipeline, stages) in [(1i64, SALES_STAGES), (2, SUCCESS_STAGES)] {
        for (pos, (name, prob, role, stall, kind)) in stages.iter().enumerate() {
            stage_id += 1;
            stg.push(vec![
                v(stage_id),
                v(pipeline),
                v(*name),
                v(pos as i32),
                v(*prob),
                v(role.as_str()),
                v(*stall),
                v(*kind),
            ]);
        }
    }
    stg.insert(&txn).await?;
    let sales_stage = |pos: usize| pos as i64 + 1;
    let cs_stage = |pos: usize| (SALES_STAGES.len() + pos) as i64 + 1;

    // Deals: 230 in sales, spread towards the early stages; 80 in customer success.
    let sales_weights = [34, 40, 24, 30, 28, 20, 30, 24];
    let cs_weights = [24, 36, 14, 6];
    let mut deal_rows: Vec<(i64, usize, usize, i64)> = Vec::new(); // (pipeline, stage pos, account idx, amount)
    for (pos, n) in sales_weights.iter().enumerate() {
        for _ in 0..*n {
            let a = rng.below(200) as usize;
            let (_, base) = *rng.pick(PRODUCTS);
            let scale = [3, 2, 1, 1][account_segment[a] as usize - 1];
            let amount = (base * scale * rng.range(6, 16) / 10) / 10_000 * 10_000;
            deal_rows.push((1, pos, a, amount));
        }
    }
    for (pos, n) in cs_weights.iter().enumerate() {
        for _ in 0..*n {
            let a = rng.below(200) as usize;
            let (_, base) = *rng.pick(PRODUCTS);
            let amount = (base * rng.range(6, 14) / 10) / 10_000 * 10_000;
            deal_rows.push((2, pos, a, amount));
        }
    }
    let mut per_stage: std::collections::BTreeMap<(i64, usize), usize> = Default::default();
    for (p, pos, _, _) in &deal_rows {
        *per_stage.entry((*p, *pos)).or_default() += 1;
    }
    let ranks: std::collections::BTreeMap<(i64, usize), Vec<String>> = per_stage
        .iter()
        .map(|(k, n)| (*k, shared::rank::spread(*n)))
        .collect();
    let mut used: std::collections::BTreeMap<(i64, usize), usize> = Default::default();

    let mut dl = Rows::new(
        Deals::Table,
        &[
            "id",
            "pipeline_id",
            "stage_id",
            "account_id",
            "contact_id",
            "title",
            "amount",
            "currency",
            "rank",
            "appointer_id",
            "closer_id",
            "success_id",
            "expected_close_on",
            "stage_entered_at",
            "lost_reason",
            "closed_at",
            "created_by",
            "created_at",
            "updated_at",
            "version",
        ],
    );
    let mut hist = Rows::new(
        StageHistory::Table,
        &[
            "deal_id",
            "from_stage_id",
            "to_stage_id",
            "moved_by",
            "moved_at",
        ],
    );
    let mut hand = Rows::new(
        Handoffs::Table,
        &[
            "kind",
            "deal_id",
            "account_id",
            "from_member_id",
            "from_role",
            "to_member_id",
            "to_role",
            "from_stage_id",
            "to_stage_id",
            "note",
            "status",
            "sent_at",
            "due_at",
            "accepted_at",
            "rejected_at",
            "reject_reason",
            "reject_note",
            "created_at",
        ],
    );
    let mut open_deals: Vec<OpenDeal> = Vec::new();
    let lost_reasons = [
        "予算不足",
        "競合他社に決定",
        "時期尚早",
        "決裁者の反対",
        "要件不一致",
    ];
    let needs = [
        "勤怠の集計に毎月3日かかっている",
        "紙の契約書の保管コスト削減",
        "営業の案件管理が属人化している",
        "監査対応の工数削減",
    ];
    for (i, (pipeline, pos, a, amount)) in deal_rows.iter().enumerate() {
        let id = i as i64 + 1;
        let (product, _) = *rng.pick(PRODUCTS);
        let account_id = *a as i64 + 1;
        let key = (*pipeline, *pos);
        let n = used.entry(key).or_default();
        let rank = ranks
            .get(&key)
            .and_then(|r| r.get(*n))
            .cloned()
            .unwrap_or_else(|| "i".to_owned());
        *n += 1;
        let appointer = *rng.pick(&appointers);
        // Key accounts (segment A) lean to the first closer.
        let closer = if account_segment[*a] == 1 && rng.chance(70) {
            closers[0]
        } else {
            *rng.pick(&closers)
        };
        let success = *rng.pick(&successes);
        let in_stage_days = rng.range(0, 30);
        let entered = t_now - Duration::days(in_stage_days) - Duration::minutes(rng.range(0, 600));
        let created = entered - Duration::days(rng.range(3, 60) * (*pos as i64 + 1) / 2 + 1);
        let (stage, title, owners, kind) = if *pipeline == 1 {
            let closer_set = *pos >= 3 || (*pos == 2 && rng.chance(50));
            (
                sales_stage(*pos),
                format!("{product} 導入"),
                (Some(appointer), closer_set.then_some(closer), None),
                SALES_STAGES[*pos].4,
            )
        } else {
            (
                cs_stage(*pos),
                format!("{product} 運用支援"),
                (Some(appointer), Some(closer), Some(success)),
                SUCCESS_STAGES[*pos].4,
            )
        };
        let closed = matches!(kind, "won" | "lost").then_some(entered);
        let lost = (kind == "lost").then(|| (*rng.pick(&lost_reasons)).to_owned());
        let expected = (kind == "open").then(|| today + Duration::days(rng.range(7, 120)));
        dl.push(vec![
            v(id),
            v(*pipeline),
            v(stage),
            v(account_id),
            v(Some(contact_of[*a])),
            v(title),
            v(*amount),
            v("JPY"),
            v(rank),
            v(owners.0.map(|m| m.0)),
            v(owners.1.map(|m| m.0)),
            v(owners.2.map(|m| m.0)),
            v(expected),
            v(entered),
            v(lost),
            v(closed),
            v(Some(manager.0)),
            v(created),
            v(entered),
            v(1),
        ]);
        // History: every stage from the first to the current one, spread between creation and entry.
        let (first, steps): (i64, Vec<i64>) = if *pipeline == 1 {
            let path: Vec<usize> = if kind == "lost" {
                (0..=rng.below(5) as usize).chain([*pos]).collect()
            } else {
                (0..=*pos).collect()
            };
            (sales_stage(0), path.into_iter().map(sales_stage).collect())
        } else {
            let path: Vec<usize> = if kind == "lost" {
                vec![0, 1, *pos]
            } else {
                (0..=*pos).collect()
            };
            (cs_stage(0), path.into_iter().map(cs_stage).collect())
        };
        let span = (entered - created).num_minutes().max(steps.len() as i64);
        let mut prev: Option<i64> = None;
        for (k, to) in steps.iter().enumerate() {
            let at = if k + 1 == steps.len() {
                entered
            } else {
                created + Duration::minutes(span * k as i64 / steps.len() as i64)
            };
            let by = if k == 0 {
                manager
            } else if *pipeline == 1 && *to <= sales_stage(3) {
                appointer
            } else if *pipeline == 1 {
                closer
            } else {
                success
            };
            hist.push(vec![v(id), v(prev), v(*to), v(Some(by.0)), v(at)]);
            prev = Some(*to);
        }
        let _ = first;
        // Hand-offs where the deal crossed roles.
        let note = |rng: &mut Rng| {
            serde_json::json!({
                "need": *rng.pick(&needs),
                "budget": format!("{}万円程度", amount / 10_000),
                "decision_maker": *rng.pick(TITLES),
                "timing": "今期中",
                "promised": "次回、導入事例の資料をお持ちする",
            })
            .to_string()
        };
        if *pipeline == 1 && *pos >= 3 && kind != "lost" {
            let sent = created + Duration::minutes(span * 2 / 4);
            let accepted = sent + Duration::minutes(rng.range(20, 600));
            let pending = *pos == 3 && in_stage_days <= 1 && rng.chance(60);
            hand.push(vec![
                v("appointment"),
                v(Some(id)),
                v(account_id),
                v(Some(appointer.0)),
                v("appointer"),
                v(Some(closer.0)),
                v("closer"),
                v(Some(sales_stage(2))),
                v(Some(sales_stage(3))),
                v(note(&mut rng)),
                v(if pending { "pending" } else { "accepted" }),
                v(sent),
                v(Some(business(sent, 240))),
                v((!pending).then_some(accepted)),
                v(None::<DateTime<Utc>>),
                v(None::<String>),
                v(None::<String>),
                v(sent),
            ]);
        }
        if *pipeline == 1 && *pos == 2 && rng.chance(15) {
            let sent = entered - Duration::hours(rng.range(2, 48));
            hand.push(vec![
                v("appointment"),
                v(Some(id)),
                v(account_id),
                v(Some(appointer.0)),
                v("appointer"),
                v(Some(closer.0)),
                v("closer"),
                v(Some(sales_stage(2))),
                v(Some(sales_stage(3))),
                v(note(&mut rng)),
                v("rejected"),
                v(sent),
                v(Some(business(sent, 240))),
                v(None::<DateTime<Utc>>),
                v(Some(sent + Duration::hours(rng.range(1, 3)))),
                v(Some(if rng.chance(50) {
                    "missing_information"
                } else {
                    "no_decision_maker"
                })),
                v(Some(
                    "決裁者の同席が確認できていません。日程を再調整してください。",
                )),
                v(sent),
            ]);
        }
        if *pipeline == 2 {
            let sent = created;
            hand.push(vec![
                v("won"), v(Some(id)), v(account_id), v(Some(closer.0)), v("closer"), v(Some(success.0)), v("success"),
                v(Some(sales_stage(6))), v(Some(cs_stage(0))),
                v(serde_json::json!({"contract_terms": "年間契約・自動更新", "deliverables": "初期設定と管理者向け研修 2回", "key_contacts": "情報システム部 部長", "risks": "現場への展開が遅れがち"}).to_string()),
                v("accepted"), v(sent), v(Some(business(sent, 1080))), v(Some(sent + Duration::hours(rng.range(1, 20)))),
                v(None::<DateTime<Utc>>), v(None::<String>), v(None::<String>), v(sent),
            ]);
        }
        if kind == "open" {
            open_deals.push(OpenDeal(
                id,
                account_id,
                *pos + if *pipeline == 2 { 100 } else { 0 },
            ));
        }
    }
    dl.insert(&txn).await?;
    hist.insert(&txn).await?;
    hand.insert(&txn).await?;

    // Reject reasons: the migration's starting list.

    // Activities: 30 days back (weekdays), and the coming week planned.
    let mut act = Rows::new(
        Activities::Table,
        &[
            "kind",
            "member_id",
            "deal_id",
            "account_id",
            "contact_id",
            "subject",
            "notes",
            "planned_at",
            "done_at",
            "outcome",
            "duration_seconds",
            "created_at",
        ],
    );
    let early: Vec<_> = open_deals.iter().filter(|d| d.2 <= 2).collect();
    let mid: Vec<_> = open_deals
        .iter()
        .filter(|d| (3..=5).contains(&d.2))
        .collect();
    let cs: Vec<_> = open_deals.iter().filter(|d| d.2 >= 100).collect();
    let call_outcomes = [
        ("no_answer", 38),
        ("connected", 22),
        ("call_back", 16),
        ("not_interested", 12),
        ("appointment_set", 8),
        ("wrong_contact", 4),
    ];
    for back in (-7i64..=30).rev() {
        let day = today - Duration::days(back);
        if !is_weekday(day) {
            continue;
        }
        let future = back <= 0;
        for ap in &appointers {
            let calls = if future {
                rng.range(2, 4)
            } else {
                rng.range(14, 24)
            };
            for _ in 0..calls {
                let Some(d) = early.get(rng.below(early.len() as u64) as usize) else {
                    break;
                };
                let at = work_time(&mut rng, day);
                let done = !future || at < t_now;
                let mut roll = rng.below(100) as i64;
                let outcome = call_outcomes
                    .iter()
                    .find(|(_, w)| {
                        roll -= w;
                        roll < 0
                    })
                    .map(|(o, _)| *o)
                    .unwrap_or("no_answer");
                act.push(vec![
                    v("call"),
                    v(ap.0),
                    v(Some(d.0)),
                    v(Some(d.1)),
                    v(Some(contact_of[d.1 as usize - 1])),
                    v("架電"),
                    v(if outcome == "call_back" {
                        "来週火曜の午後に再架電"
                    } else {
                        ""
                    }),
                    v(Some(at)),
                    v(done.then_some(at)),
                    v(done.then_some(outcome)),
                    v(done.then(|| rng.range(15, 420) as i32)),
                    v(at),
                ]);
            }
        }
        for cl in &closers {
            for _ in 0..rng.range(1, 3) {
                let Some(d) = mid.get(rng.below(mid.len() as u64) as usize) else {
                    break;
                };
                let at = work_time(&mut rng, day);
                let done = at < t_now;
                let kind = if rng.chance(60) {
                    "meeting"
                } else if rng.chance(50) {
                    "visit"
                } else {
                    "email"
                };
                let subject = match kind {
                    "meeting" => "オンライン商談",
                    "visit" => "訪問・デモ",
                    _ => "提案書送付",
                };
                act.push(vec![
                    v(kind),
                    v(cl.0),
                    v(Some(d.0)),
                    v(Some(d.1)),
                    v(Some(contact_of[d.1 as usize - 1])),
                    v(subject),
                    v(""),
                    v(Some(at)),
                    v(done.then_some(at)),
                    v(done.then_some("held")),
                    v(done.then(|| rng.range(1800, 5400) as i32)),
                    v(at),
                ]);
            }
        }
        for su in &successes {
            for _ in 0..rng.range(1, 4) {
                let Some(d) = cs.get(rng.below(cs.len() as u64) as usize) else {
                    break;
                };
                let at = work_time(&mut rng, day);
                let done = at < t_now;
                let kind = *rng.pick(&["meeting", "email", "visit", "task"]);
                let subject = match kind {
                    "meeting" => "定例ミーティング",
                    "email" => "活用状況のご報告",
                    "visit" => "オンボーディング訪問",
                    _ => "利用状況レポート作成",
                };
                act.push(vec![
                    v(kind),
                    v(su.0),
                    v(Some(d.0)),
                    v(Some(d.1)),
                    v(Some(contact_of[d.1 as usize - 1])),
                    v(subject),
                    v(""),
                    v(Some(at)),
                    v(done.then_some(at)),
                    v(done.then_some("done")),
                    v(None::<i32>),
                    v(at),
                ]);
            }
        }
    }
    act.insert(&txn).await?;
    txn.execute_raw(Statement::from_string(
        txn.get_database_backend(),
        "UPDATE accounts SET last_contacted_at = (SELECT MAX(done_at) FROM activities WHERE activities.account_id = accounts.id)",
    ))
    .await?;

    // Targets for this month.
    let month_start = today.with_day(1).unwrap_or(today);
    let month_end = (month_start + Duration::days(32))
        .with_day(1)
        .unwrap_or(month_start)
        - Duration::days(1);
    let mut tg = Rows::new(
        Targets::Table,
        &["member_id", "metric", "period_start", "period_end", "value"],
    );
    for ap in &appointers {
        tg.push(vec![
            v(Some(ap.0)),
            v("calls"),
            v(month_start),
            v(month_end),
            v(400i64),
        ]);
        tg.push(vec![
            v(Some(ap.0)),
            v("appointments_set"),
            v(month_start),
            v(month_end),
            v(20i64),
        ]);
    }
    for cl in &closers {
        tg.push(vec![
            v(Some(cl.0)),
            v("won_amount"),
            v(month_start),
            v(month_end),
            v(15_000_000i64),
        ]);
    }
    tg.push(vec![
        v(None::<i64>),
        v("won_amount"),
        v(month_start),
        v(month_end),
        v(30_000_000i64),
    ]);
    tg.insert(&txn).await?;

    // The onboarding checklist success starts each won account from; accounts get their copy
    // the first time their owner's inbox is read.
    let mut tpl = Rows::new(ChecklistTemplateItems::Table, &["position", "label"]);
    for (i, label) in [
        "キックオフ会議の実施",
        "管理者アカウントの発行",
        "初期設定の完了",
        "管理者向け研修",
        "利用状況の初回レビュー",
    ]
    .into_iter()
    .enumerate()
    {
        tpl.push(vec![v(i as i32), v(label)]);
    }
    tpl.insert(&txn).await?;

    seed_script_and_articles(&txn, manager, t_now).await?;

    if txn.get_database_backend() == DbBackend::Postgres {
        for table in [
            "segments",
            "territories",
            "accounts",
            "contacts",
            "pipelines",
            "stages",
            "deals",
            "talk_scripts",
            "kb_articles",
        ] {
            txn.execute_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"),
            ))
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

async fn seed_script_and_articles<C: ConnectionTrait>(
    db: &C,
    manager: MemberId,
    t: DateTime<Utc>,
) -> ServiceResult<()> {
    let graph = serde_json::json!({
        "start": "opening",
        "steps": [
            {"key": "opening", "text": "お世話になっております。{member.company}の{member.name}と申します。{contact.name}様はいらっしゃいますか？",
             "answers": [
                {"label": "本人につながった", "next": "purpose"},
                {"label": "不在", "outcome": "call_back"},
                {"label": "担当者が違う", "outcome": "wrong_contact"}]},
            {"key": "purpose", "text": "本日は、{account.name}様の勤怠・経費の集計にかかるお時間を減らすご提案でお電話しました。1分だけよろしいでしょうか？",
             "answers": [
                {"label": "どうぞ", "next": "hearing"},
                {"label": "今忙しい", "next": "obj_busy"},
                {"label": "資料だけ送って", "next": "obj_material"},
                {"label": "他社で間に合っている", "next": "obj_vendor"}]},
            {"key": "hearing", "text": "現在、月末の集計はどのくらいのお時間がかかっていますか？",
             "answers": [
                {"label": "数日かかる", "next": "appointment"},
                {"label": "特に困っていない", "next": "obj_vendor"},
                {"label": "予算がない", "next": "obj_budget"}]},
            {"key": "appointment", "text": "同じ規模の企業様で集計が半日になった事例があります。30分ほどオンラインでご紹介させてください。来週のご都合はいかがでしょうか？",
             "answers": [
                {"label": "日程が決まった", "outcome": "appointment_set"},
                {"label": "改めて連絡がほしい", "outcome": "call_back"},
                {"label": "不要", "outcome": "not_interested"}]},
            {"key": "obj_busy", "shared": true, "text": "お忙しいところ失礼しました。改めてお電話するなら、何曜日の何時ごろがよろしいでしょうか？", "article": 1,
             "answers": [{"label": "日時を聞けた", "outcome": "call_back"}, {"label": "話を聞く", "next": "hearing"}]},
            {"key": "obj_material", "shared": true, "text": "承知しました。貴社に合った資料をお送りしたいので、1点だけ、今いちばんお困りのことを伺えますか？", "article": 2,
             "answers": [{"label": "課題を聞けた", "next": "appointment"}, {"label": "資料だけでよい", "outcome": "call_back"}]},
            {"key": "obj_vendor", "shared": true, "text": "ありがとうございます。他社様をお使いの企業様にも、比較の観点でご覧いただいています。更新の時期はいつ頃でしょうか？", "article": 3,
             "answers": [{"label": "比較に関心あり", "next": "appointment"}, {"label": "関心なし", "outcome": "not_interested"}]},
            {"key": "obj_budget", "shared": true, "text": "予算化の前に費用対効果を試算される企業様が多いです。試算だけでもお手伝いできます。", "article": 4,
             "answers": [{"label": "試算してほしい", "next": "appointment"}, {"label": "不要", "outcome": "not_interested"}]}
        ]
    })
    .to_string();
    let mut sc = Rows::new(
        TalkScripts::Table,
        &[
            "id",
            "pipeline_id",
            "name",
            "purpose",
            "draft",
            "draft_version",
            "published_version",
            "created_by",
            "created_at",
            "updated_at",
        ],
    );
    sc.push(vec![
        v(1i64),
        v(Some(1i64)),
        v("新規開拓 架電スクリプト"),
        v("cold_call"),
        v(graph.clone()),
        v(1),
        v(Some(1)),
        v(Some(manager.0)),
        v(t),
        v(t),
    ]);
    sc.insert(db).await?;
    let mut sv = Rows::new(
        TalkScriptVersions::Table,
        &[
            "script_id",
            "number",
            "graph",
            "published_by",
            "published_at",
        ],
    );
    sv.push(vec![v(1i64), v(1), v(graph), v(Some(manager.0)), v(t)]);
    sv.insert(db).await?;

    // Explicit ids: the script's steps link articles 1–4.
    let mut kb = Rows::new(
        KbArticles::Table,
        &[
            "id",
            "category",
            "title",
            "body",
            "tags",
            "created_by",
            "created_at",
            "updated_at",
            "version",
        ],
    );
    for (i, (cat, title, body, tags)) in [
        (
            "objection",
            "忙しいと言われたら",
            "無理に続けず、再架電の日時を具体的に決める。「何曜日の何時ごろ」と二択で聞くと決まりやすい。",
            "忙しい,再架電",
        ),
        (
            "objection",
            "資料だけ送ってと言われたら",
            "送る前に課題を一つだけ聞く。課題に合わせた事例を添えて送り、送付後2営業日以内にフォローの電話をする。",
            "資料,フォロー",
        ),
        (
            "objection",
            "他社で間に合っていると言われたら",
            "否定しない。更新時期と、今のツールで不満な点を聞き、比較表を提案する。",
            "競合,比較",
        ),
        (
            "objection",
            "予算がないと言われたら",
            "費用対効果の試算を提案する。集計工数×人件費で年間削減額を示す。",
            "予算,ROI",
        ),
        (
            "product",
            "クラウド勤怠管理の主な機能",
            "打刻（PC・スマートフォン・ICカード）、残業アラート、36協定チェック、給与ソフト連携。",
            "勤怠,機能",
        ),
        (
            "competitor",
            "競合A社との比較",
            "A社は初期費用が高く、サポートはメールのみ。当社は初期費用無料、電話サポートあり。",
            "競合,A社",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        kb.push(vec![
            v(i as i64 + 1),
            v(cat),
            v(title),
            v(body),
            v(tags),
            v(Some(manager.0)),
            v(t),
            v(t),
            v(1),
        ]);
    }
    kb.insert(db).await?;
    Ok(())
}

/// Adds `n` generated deals to the demo team's sales pipeline, spread over its open stages
/// after the deals already there (to try Baton, or benchmark it, at size). Each deal has an
/// account of the demo, an appointer, and a closer from the meeting stage on.
pub async fn add_sales_deals(db: &DatabaseConnection, n: usize) -> ServiceResult<()> {
    use crate::entity::{member_role, stage};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    if !is_present(db).await? {
        return Err(ServiceError::Conflict(
            "The demo team is not in this database; start with BATON_DEMO=1 first.".into(),
        ));
    }
    let txn = db.begin().await?;
    let stages: Vec<stage::Model> = stage::Entity::find()
        .filter(stage::Column::PipelineId.eq(1))
        .filter(stage::Column::Kind.eq("open"))
        .filter(stage::Column::ArchivedAt.is_null())
        .order_by_asc(stage::Column::Position)
        .all(&txn)
        .await?;
    let holders = |role: Role| {
        member_role::Entity::find()
            .filter(member_role::Column::Role.eq(role.as_str()))
            .all(&txn)
    };
    let appointers: Vec<i64> = holders(Role::Appointer)
        .await?
        .iter()
        .map(|r| r.member_id)
        .collect();
    let closers: Vec<i64> = holders(Role::Closer)
        .await?
        .iter()
        .map(|r| r.member_id)
        .collect();
    if stages.is_empty() || appointers.is_empty() || closers.is_empty() {
        return Err(ServiceError::Conflict(
            "The demo sales pipeline has no open stages or owners.".into(),
        ));
    }
    let mut last: Vec<Option<String>> = Vec::with_capacity(stages.len());
    for s in &stages {
        last.push(
            crate::entity::deal::Entity::find()
                .filter(crate::entity::deal::Column::StageId.eq(s.id))
                .order_by_desc(crate::entity::deal::Column::Rank)
                .one(&txn)
                .await?
                .map(|d| d.rank),
        );
    }
    let mut rng = Rng(0x005e_ed0f_ba70_u64 ^ n as u64);
    let t_now = now();
    let mut rows = Rows::new(
        Deals::Table,
        &[
            "pipeline_id",
            "stage_id",
            "account_id",
            "title",
            "amount",
            "currency",
            "rank",
            "appointer_id",
            "closer_id",
            "stage_entered_at",
            "created_by",
            "created_at",
            "updated_at",
            "version",
        ],
    );
    for i in 0..n {
        let pos = i % stages.len();
        let rank = shared::rank::between(last[pos].as_deref(), None)
            .ok_or_else(|| ServiceError::Internal("no rank after the last deal".into()))?;
        last[pos] = Some(rank.clone());
        let (product, base) = *rng.pick(PRODUCTS);
        let amount = (base * rng.range(6, 16) / 10) / 10_000 * 10_000;
        let closer =
            (stages[pos].owning_role != Role::Appointer.as_str()).then(|| *rng.pick(&closers));
        let entered =
            t_now - Duration::days(rng.range(0, 40)) - Duration::minutes(rng.range(0, 600));
        rows.push(vec![
            v(1i64),
            v(stages[pos].id),
            v(rng.range(1, 200)),
            v(format!("{product} 導入 #{}", i + 1)),
            v(amount),
            v("JPY"),
            v(rank),
            v(Some(*rng.pick(&appointers))),
            v(closer),
            v(entered),
            v(Some(appointers[0])),
            v(entered),
            v(entered),
            v(1i32),
        ]);
    }
    rows.insert(&txn).await?;
    txn.commit().await?;
    Ok(())
}
