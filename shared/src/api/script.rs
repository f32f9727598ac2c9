//! Talk scripts (a draft graph, published as immutable numbered versions) and the knowledge
//! base (articles on objections, the product and competitors). The graph itself and its checks
//! are in [`crate::script`].

use crate::api::MemberRef;
use crate::client::encode_component;
use crate::script::{Problem, ScriptDiff, ScriptGraph};
use crate::validate::Checks;
use crate::{ArticleId, FieldError, PipelineId, ScriptId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest script name.
pub const MAX_SCRIPT_NAME: usize = 100;
/// Longest article title.
pub const MAX_ARTICLE_TITLE: usize = 200;
/// Longest article body.
pub const MAX_ARTICLE_BODY: usize = 20_000;
/// Most tags on an article.
pub const MAX_TAGS: usize = 20;
/// Longest tag.
pub const MAX_TAG: usize = 40;
/// Most articles a search returns.
pub const MAX_SEARCH_RESULTS: usize = 50;
/// Longest search text.
pub const MAX_SEARCH: usize = 200;

/// What a script is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScriptPurpose {
    /// A first call to a new lead.
    ColdCall,
    /// A call after an earlier contact.
    FollowUp,
    /// A call to a lost or dormant customer.
    Reactivation,
}

impl ScriptPurpose {
    /// Every purpose.
    pub const ALL: [ScriptPurpose; 3] = [Self::ColdCall, Self::FollowUp, Self::Reactivation];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ColdCall => "cold_call",
            Self::FollowUp => "follow_up",
            Self::Reactivation => "reactivation",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// A script in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScriptSummary {
    /// Its id.
    pub id: ScriptId,
    /// Its name.
    pub name: String,
    /// The pipeline it is for.
    pub pipeline_id: Option<PipelineId>,
    /// That pipeline's name.
    pub pipeline_name: Option<String>,
    /// What it is for.
    pub purpose: ScriptPurpose,
    /// The draft's concurrency version (send it back with an edit).
    pub draft_version: i32,
    /// The number of the version calls run (none: never published).
    pub published_version: Option<i32>,
    /// Last change to the draft or the script.
    pub updated_at: DateTime<Utc>,
}

/// A published version, as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionInfo {
    /// 1, 2, …
    pub number: i32,
    /// Who published it.
    pub published_by: Option<MemberRef>,
    /// When.
    pub published_at: DateTime<Utc>,
}

/// `GET /api/v1/scripts/{id}`: the script; managers and admins also get the draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Script {
    /// Its id.
    pub id: ScriptId,
    /// Its name.
    pub name: String,
    /// The pipeline it is for.
    pub pipeline_id: Option<PipelineId>,
    /// That pipeline's name.
    pub pipeline_name: Option<String>,
    /// What it is for.
    pub purpose: ScriptPurpose,
    /// The draft being edited (managers and admins only).
    pub draft: Option<ScriptGraph>,
    /// The draft's concurrency version.
    pub draft_version: i32,
    /// What keeps the draft from being published (managers and admins only).
    pub draft_problems: Vec<Problem>,
    /// The number of the version calls run.
    pub published_version: Option<i32>,
    /// That version's graph.
    pub published: Option<ScriptGraph>,
    /// Every published version, newest first.
    pub versions: Vec<VersionInfo>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// `GET /api/v1/scripts/{id}/versions/{n}`: an immutable version and what changed from the one
/// before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScriptVersion {
    /// The script.
    pub script_id: ScriptId,
    /// Its number.
    pub number: i32,
    /// The graph as published.
    pub graph: ScriptGraph,
    /// Who published it.
    pub published_by: Option<MemberRef>,
    /// When.
    pub published_at: DateTime<Utc>,
    /// The changes from version `number - 1` (none for the first).
    pub diff: Option<ScriptDiff>,
}

/// `GET /api/v1/scripts?…`: filters (optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ScriptQuery {
    /// For this pipeline.
    #[serde(default)]
    pub pipeline_id: Option<PipelineId>,
    /// For this purpose.
    #[serde(default)]
    pub purpose: Option<ScriptPurpose>,
}

impl ScriptQuery {
    /// The query string (without `?`).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.pipeline_id {
            parts.push(format!("pipeline_id={p}"));
        }
        if let Some(p) = self.purpose {
            parts.push(format!("purpose={}", p.as_str()));
        }
        parts.join("&")
    }
}

/// `POST /api/v1/scripts` (managers and admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewScript {
    /// Its name (required, up to 100 characters).
    pub name: String,
    /// The pipeline it is for.
    pub pipeline_id: PipelineId,
    /// What it is for.
    pub purpose: ScriptPurpose,
    /// The first draft (empty if left out).
    #[serde(default)]
    pub graph: Option<ScriptGraph>,
}

impl NewScript {
    /// Field errors a person can fix.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checks::new();
        c.text("name", &self.name, MAX_SCRIPT_NAME);
        c.finish()
    }
}

/// `PUT /api/v1/scripts/{id}/draft` (managers and admins): the whole draft, and the draft
/// version the edit started from. The draft may have problems; it must only be a graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveDraft {
    /// The draft.
    pub graph: ScriptGraph,
    /// The draft version the edit started from.
    pub version: i32,
}

/// `POST /api/v1/scripts/{id}/publish` (managers and admins): publish the draft as it is at
/// `version`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishScript {
    /// The draft version the manager looked at.
    pub version: i32,
}

/// What a knowledge-base article is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ArticleCategory {
    /// How to answer an objection.
    Objection,
    /// Facts about the product.
    Product,
    /// Facts about a competitor.
    Competitor,
}

impl ArticleCategory {
    /// Every category.
    pub const ALL: [ArticleCategory; 3] = [Self::Objection, Self::Product, Self::Competitor];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Objection => "objection",
            Self::Product => "product",
            Self::Competitor => "competitor",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A knowledge-base article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    /// Its id.
    pub id: ArticleId,
    /// What it is about.
    pub category: ArticleCategory,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// Words to find it by.
    pub tags: Vec<String>,
    /// Concurrency version: send it back with an edit.
    pub version: i32,
    /// Who wrote it.
    pub created_by: Option<MemberRef>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Last edit.
    pub updated_at: DateTime<Utc>,
}

/// `GET /api/v1/kb/articles?…`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ArticleQuery {
    /// Only this category.
    #[serde(default)]
    pub category: Option<ArticleCategory>,
}

impl ArticleQuery {
    /// The query string (without `?`).
    pub fn to_query_string(&self) -> String {
        match self.category {
            Some(c) => format!("category={}", c.as_str()),
            None => String::new(),
        }
    }
}

/// `GET /api/v1/kb/search?q=…`: every word (split at spaces, also `　`) must be in the
/// title, the body or a tag.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct KbSearch {
    /// The words.
    pub q: String,
}

impl KbSearch {
    /// The query string (without `?`).
    pub fn to_query_string(&self) -> String {
        format!("q={}", encode_component(&self.q))
    }

    /// The words searched for (at most 10).
    pub fn words(&self) -> Vec<&str> {
        self.q.split_whitespace().take(10).collect()
    }
}

fn check_tags(c: &mut Checks, tags: &[String]) {
    if tags.len() > MAX_TAGS {
        c.fail("tags", "too_many", format!("At most {MAX_TAGS} tags."));
    }
    for (i, t) in tags.iter().enumerate() {
        let field = format!("tags[{i}]");
        if t.trim().is_empty() {
            c.fail(&field, "required", "A tag cannot be empty.");
        } else if t.contains(',') {
            c.fail(&field, "invalid_value", "A tag cannot contain a comma.");
        } else if t.chars().count() > MAX_TAG {
            c.fail(&field, "too_long", format!("At most {MAX_TAG} characters."));
        }
    }
}

/// `POST /api/v1/kb/articles` (managers and admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewArticle {
    /// What it is about.
    pub category: ArticleCategory,
    /// Its title (required, up to 200 characters).
    pub title: String,
    /// Its text (required, up to 20,000 characters).
    pub body: String,
    /// Words to find it by (up to 20, each up to 40 characters, no commas).
    #[serde(default)]
    pub tags: Vec<String>,
}

impl NewArticle {
    /// Field errors a person can fix.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checks::new();
        c.text("title", &self.title, MAX_ARTICLE_TITLE);
        c.text("body", &self.body, MAX_ARTICLE_BODY);
        check_tags(&mut c, &self.tags);
        c.finish()
    }
}

/// `PATCH /api/v1/kb/articles/{id}` (managers and admins): the fields to change, and the
/// version the edit started from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ArticlePatch {
    /// The version the edit started from.
    pub version: i32,
    /// A new category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<ArticleCategory>,
    /// A new title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A new text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// New tags (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

impl ArticlePatch {
    /// Field errors a person can fix.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checks::new();
        if let Some(t) = &self.title {
            c.text("title", t, MAX_ARTICLE_TITLE);
        }
        if let Some(b) = &self.body {
            c.text("body", b, MAX_ARTICLE_BODY);
        }
        if let Some(tags) = &self.tags {
            check_tags(&mut c, tags);
        }
        c.finish()
    }
}

/// Tags as stored: trimmed, joined by commas.
pub fn join_tags(tags: &[String]) -> String {
    tags.iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// Tags from their stored form.
pub fn split_tags(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_queries() {
        assert_eq!(
            ScriptPurpose::parse("follow_up"),
            Some(ScriptPurpose::FollowUp)
        );
        assert_eq!(ScriptPurpose::parse("x"), None);
        assert_eq!(
            ArticleCategory::parse("competitor"),
            Some(ArticleCategory::Competitor)
        );
        let q = ScriptQuery {
            pipeline_id: Some(PipelineId(2)),
            purpose: Some(ScriptPurpose::ColdCall),
        };
        assert_eq!(q.to_query_string(), "pipeline_id=2&purpose=cold_call");
        let s = KbSearch {
            q: "忙しい　再架電 ".into(),
        };
        assert_eq!(s.words(), ["忙しい", "再架電"]);
        assert!(s.to_query_string().starts_with("q=%E5%BF%99"));
    }

    #[test]
    fn article_checks_name_fields() {
        let a = NewArticle {
            category: ArticleCategory::Product,
            title: " ".into(),
            body: "本文".into(),
            tags: vec!["ok".into(), "a,b".into(), "".into()],
        };
        let fields: Vec<_> = a
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, ["title", "tags[1]", "tags[2]"]);
        let p = ArticlePatch {
            version: 1,
            body: Some("x".repeat(MAX_ARTICLE_BODY + 1)),
            ..Default::default()
        };
        assert_eq!(
            p.validate().err().unwrap_or_default()[0].code,
            "too_long".to_owned()
        );
        assert!(ArticlePatch::default().validate().is_ok());
    }

    #[test]
    fn tags_round_trip() {
        let tags = vec![" 忙しい".to_owned(), "再架電".into()];
        assert_eq!(join_tags(&tags), "忙しい,再架電");
        assert_eq!(split_tags("忙しい,再架電,"), ["忙しい", "再架電"]);
        assert!(split_tags("").is_empty());
    }
}
