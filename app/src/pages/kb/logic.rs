//! The pure rules of the knowledge-base and script-numbers pages, tested natively: when a
//! base is too small to trust its rate, how the steps of two versions line up for comparison,
//! how an article's text falls into paragraphs, how typed tags are read, and what an article's
//! form changed.

use shared::api::{Article, ArticleCategory, ArticlePatch, NewArticle, Rate, StepStats};

/// Below this many calls a rate is shown with the small-numbers caveat.
pub const SMALL_BASE: i64 = 30;

/// Whether a rate over `of` is too thin to read much into: some, but fewer than
/// [`SMALL_BASE`] (none at all is not a rate).
pub fn is_small(of: i64) -> bool {
    of > 0 && of < SMALL_BASE
}

/// A rate as a whole percentage (`None` when there is no base); a rate above zero that rounds
/// to 0 % is `Some(0)` but [`percent_is_below_one`] tells it apart.
pub fn percent(rate: &Rate) -> Option<i64> {
    (rate.of > 0).then(|| (rate.count as f64 * 100.0 / rate.of as f64).round() as i64)
}

/// Whether a rate is above zero yet rounds to 0 %.
pub fn percent_is_below_one(rate: &Rate) -> bool {
    rate.count > 0 && percent(rate) == Some(0)
}

/// One row of a comparison: a step's key and its numbers in each version (`None`: the step is
/// not in that version).
#[derive(Clone, Debug, PartialEq)]
pub struct StepPair<'a> {
    /// The step's key.
    pub key: &'a str,
    /// In the first version.
    pub a: Option<&'a StepStats>,
    /// In the second version.
    pub b: Option<&'a StepStats>,
}

/// Lines up the steps of two versions by key: the first version's order, with each step only
/// in the second placed after the step it follows there (or first, if it comes before every
/// shared step).
pub fn pair_steps<'a>(a: &'a [StepStats], b: &'a [StepStats]) -> Vec<StepPair<'a>> {
    let mut out: Vec<StepPair<'a>> = a
        .iter()
        .map(|s| StepPair {
            key: &s.key,
            a: Some(s),
            b: None,
        })
        .collect();
    let mut at = 0;
    for s in b {
        match out.iter().position(|p| p.key == s.key) {
            Some(i) => {
                out[i].b = Some(s);
                at = i + 1;
            }
            None => {
                out.insert(
                    at,
                    StepPair {
                        key: &s.key,
                        a: None,
                        b: Some(s),
                    },
                );
                at += 1;
            }
        }
    }
    out
}

/// An article's text as paragraphs (split at blank lines), each a list of its lines; blank
/// space around them is dropped.
pub fn paragraphs(body: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in body.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.to_owned());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Tags as typed: split at commas (ASCII, 、 and ，), trimmed, blanks and repeats dropped.
pub fn parse_tags(typed: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in typed.split([',', '、', '，']).map(str::trim) {
        if !t.is_empty() && !out.iter().any(|o| o == t) {
            out.push(t.to_owned());
        }
    }
    out
}

/// Tags as shown in the form's field.
pub fn tags_text(tags: &[String]) -> String {
    tags.join(", ")
}

/// The first `max` characters of a text on one line, with "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut cut: String = flat.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

/// The knowledge-base list's URL for a search and a category (both kept across reloads).
pub fn list_href(q: &str, category: Option<ArticleCategory>) -> String {
    let mut parts = Vec::new();
    let q = q.trim();
    if !q.is_empty() {
        parts.push(format!("q={}", shared::client::encode_component(q)));
    }
    if let Some(c) = category {
        parts.push(format!("category={}", c.as_str()));
    }
    if parts.is_empty() {
        "/kb".to_owned()
    } else {
        format!("/kb?{}", parts.join("&"))
    }
}

/// The numbers page's URL for a script, a version (none: the published one) and a version to
/// compare with (dropped when it is the same version).
pub fn stats_href(script: shared::ScriptId, version: Option<i32>, compare: Option<i32>) -> String {
    let q = shared::api::StatsQuery {
        version,
        compare: compare.filter(|c| Some(*c) != version),
    }
    .to_query_string();
    if q.is_empty() {
        format!("/scripts/{script}/stats")
    } else {
        format!("/scripts/{script}/stats?{q}")
    }
}

/// What the article form holds, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleForm {
    /// The category.
    pub category: ArticleCategory,
    /// The title.
    pub title: String,
    /// The text.
    pub body: String,
    /// The tags as typed.
    pub tags: String,
}

impl Default for ArticleForm {
    fn default() -> Self {
        Self {
            category: ArticleCategory::Objection,
            title: String::new(),
            body: String::new(),
            tags: String::new(),
        }
    }
}

impl ArticleForm {
    /// The form filled with an article.
    pub fn of(a: &Article) -> Self {
        Self {
            category: a.category,
            title: a.title.clone(),
            body: a.body.clone(),
            tags: tags_text(&a.tags),
        }
    }

    /// A new article from the form.
    pub fn new_article(&self) -> NewArticle {
        NewArticle {
            category: self.category,
            title: self.title.trim().to_owned(),
            body: self.body.trim().to_owned(),
            tags: parse_tags(&self.tags),
        }
    }

    /// The edit of `base` this form makes (only the fields that differ), sent with `version`.
    pub fn patch(&self, base: &Article, version: i32) -> ArticlePatch {
        let tags = parse_tags(&self.tags);
        let title = self.title.trim();
        let body = self.body.trim();
        ArticlePatch {
            version,
            category: (self.category != base.category).then_some(self.category),
            title: (title != base.title).then(|| title.to_owned()),
            body: (body != base.body).then(|| body.to_owned()),
            tags: (tags != base.tags).then_some(tags),
        }
    }

    /// Whether the form changes nothing of `base`.
    pub fn is_unchanged(&self, base: &Article) -> bool {
        let p = self.patch(base, base.version);
        p.category.is_none() && p.title.is_none() && p.body.is_none() && p.tags.is_none()
    }
}

/// The form field an error of the server names: `tags[2]` is the tags field.
pub fn form_field(field: &str) -> &str {
    if field.starts_with("tags") {
        "tags"
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::api::{AnswerCount, OutcomeCount};
    use shared::{ArticleId, script::Outcome};

    fn step(key: &str, reached: i64) -> StepStats {
        StepStats {
            key: key.into(),
            shared: false,
            reached,
            answers: Vec::<AnswerCount>::new(),
            ended: Vec::<OutcomeCount>::new(),
            outcomes: vec![OutcomeCount {
                outcome: Outcome::CallBack,
                count: reached,
            }],
            appointment_set: Rate::of(0, reached),
            meeting_held: Rate::of(0, reached),
            won: Rate::of(0, reached),
        }
    }

    fn keys(p: &[StepPair<'_>]) -> Vec<(String, bool, bool)> {
        p.iter()
            .map(|x| (x.key.to_owned(), x.a.is_some(), x.b.is_some()))
            .collect()
    }

    #[test]
    fn small_bases_are_those_under_thirty() {
        assert!(!is_small(0));
        assert!(is_small(1));
        assert!(is_small(29));
        assert!(!is_small(30));
        assert!(!is_small(1000));
    }

    #[test]
    fn percentages_round_and_keep_tiny_rates_apart() {
        assert_eq!(percent(&Rate::of(3, 12)), Some(25));
        assert_eq!(percent(&Rate::of(1, 3)), Some(33));
        assert_eq!(percent(&Rate::of(2, 3)), Some(67));
        assert_eq!(percent(&Rate::of(0, 0)), None);
        assert_eq!(percent(&Rate::of(1, 500)), Some(0));
        assert!(percent_is_below_one(&Rate::of(1, 500)));
        assert!(!percent_is_below_one(&Rate::of(0, 500)));
        assert_eq!(percent(&Rate::of(5, 5)), Some(100));
    }

    #[test]
    fn steps_pair_by_key_in_the_first_versions_order() {
        let a = [step("open", 10), step("pitch", 8), step("busy", 2)];
        let b = [
            step("intro", 3),
            step("open", 5),
            step("hearing", 4),
            step("pitch", 4),
            step("budget", 1),
        ];
        let p = pair_steps(&a, &b);
        assert_eq!(
            keys(&p),
            vec![
                ("intro".into(), false, true),
                ("open".into(), true, true),
                ("hearing".into(), false, true),
                ("pitch".into(), true, true),
                ("budget".into(), false, true),
                ("busy".into(), true, false),
            ]
        );
        assert_eq!(p[1].a.map(|s| s.reached), Some(10));
        assert_eq!(p[1].b.map(|s| s.reached), Some(5));
        // Same steps: one row each, nothing marked.
        let same = pair_steps(&a, &a);
        assert!(same.iter().all(|x| x.a.is_some() && x.b.is_some()));
        assert_eq!(same.len(), 3);
        // Nothing to compare with: every step only in the first.
        assert_eq!(
            keys(&pair_steps(&a, &[])),
            vec![
                ("open".into(), true, false),
                ("pitch".into(), true, false),
                ("busy".into(), true, false),
            ]
        );
    }

    #[test]
    fn reordered_steps_keep_one_row_each() {
        let a = [step("x", 1), step("y", 1), step("z", 1)];
        let b = [step("z", 1), step("new", 1), step("x", 1)];
        let p = pair_steps(&a, &b);
        assert_eq!(p.len(), 4);
        assert_eq!(
            keys(&p),
            vec![
                ("x".into(), true, true),
                ("y".into(), true, false),
                ("z".into(), true, true),
                ("new".into(), false, true),
            ]
        );
    }

    #[test]
    fn text_falls_into_paragraphs_at_blank_lines() {
        assert_eq!(
            paragraphs("一行目\n二行目\n\n\n  \n次の段落  \n"),
            vec![
                vec!["一行目".to_owned(), "二行目".to_owned()],
                vec!["次の段落".to_owned()]
            ]
        );
        assert!(paragraphs(" \n\n").is_empty());
    }

    #[test]
    fn tags_are_read_at_any_comma() {
        assert_eq!(
            parse_tags(" 競合, A社、比較，A社 ,, "),
            vec!["競合", "A社", "比較"]
        );
        assert!(parse_tags("  ").is_empty());
        assert_eq!(tags_text(&["a".into(), "b".into()]), "a, b");
    }

    #[test]
    fn excerpts_are_cut_with_an_ellipsis() {
        assert_eq!(excerpt("短い\n本文", 10), "短い 本文");
        assert_eq!(excerpt("あいうえおかきくけこ", 5), "あいうえお…");
    }

    fn article() -> Article {
        Article {
            id: ArticleId(1),
            category: ArticleCategory::Objection,
            title: "忙しいと言われたら".into(),
            body: "再架電の日時を決める。".into(),
            tags: vec!["忙しい".into(), "再架電".into()],
            version: 3,
            created_by: None,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn an_edit_sends_only_what_changed() {
        let a = article();
        let mut f = ArticleForm::of(&a);
        assert!(f.is_unchanged(&a));
        assert_eq!(f.tags, "忙しい, 再架電");
        // Spacing alone is no change.
        f.title = format!("  {}  ", a.title);
        f.tags = "忙しい、再架電".into();
        assert!(f.is_unchanged(&a));
        f.body = "日時を二択で聞く。".into();
        f.category = ArticleCategory::Product;
        let p = f.patch(&a, 3);
        assert_eq!(p.version, 3);
        assert_eq!(p.title, None);
        assert_eq!(p.tags, None);
        assert_eq!(p.body.as_deref(), Some("日時を二択で聞く。"));
        assert_eq!(p.category, Some(ArticleCategory::Product));
        let n = f.new_article();
        assert_eq!(n.title, "忙しいと言われたら");
        assert_eq!(n.tags, vec!["忙しい", "再架電"]);
    }

    #[test]
    fn the_list_url_keeps_the_search_and_the_category() {
        assert_eq!(list_href(" ", None), "/kb");
        assert_eq!(
            list_href("忙しい", Some(ArticleCategory::Objection)),
            "/kb?q=%E5%BF%99%E3%81%97%E3%81%84&category=objection"
        );
        assert_eq!(
            list_href("", Some(ArticleCategory::Product)),
            "/kb?category=product"
        );
    }

    #[test]
    fn the_numbers_url_names_the_versions() {
        let s = shared::ScriptId(4);
        assert_eq!(stats_href(s, None, None), "/scripts/4/stats");
        assert_eq!(
            stats_href(s, Some(2), Some(1)),
            "/scripts/4/stats?version=2&compare=1"
        );
        assert_eq!(
            stats_href(s, Some(2), Some(2)),
            "/scripts/4/stats?version=2"
        );
    }

    #[test]
    fn tag_errors_belong_to_the_tags_field() {
        assert_eq!(form_field("tags[3]"), "tags");
        assert_eq!(form_field("tags"), "tags");
        assert_eq!(form_field("title"), "title");
    }
}
