//! Knowledge-base articles linked from a deal: read by anyone who can open the deal, linked
//! and unlinked by the members who may edit it.

use crate::api::{ArticleCategory, MemberRef};
use crate::{ArticleId, DealId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Most articles one deal links.
pub const MAX_DEAL_ARTICLES: usize = 50;

/// An article linked from a deal, as the deal's page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealArticle {
    /// The deal.
    pub deal_id: DealId,
    /// The article.
    pub article_id: ArticleId,
    /// What it is about.
    pub category: ArticleCategory,
    /// Its title.
    pub title: String,
    /// Words to find it by.
    pub tags: Vec<String>,
    /// Who linked it.
    pub linked_by: Option<MemberRef>,
    /// When (UTC).
    pub linked_at: DateTime<Utc>,
}

/// `POST /api/v1/deals/{id}/articles`: link an article to the deal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkArticle {
    /// The article to link.
    pub article_id: ArticleId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_names_only_its_article() {
        let l: LinkArticle = serde_json::from_str(r#"{"article_id": 3}"#).unwrap();
        assert_eq!(l.article_id, ArticleId(3));
        assert!(serde_json::from_str::<LinkArticle>(r#"{"article_id": 3, "x": 1}"#).is_err());
    }
}
