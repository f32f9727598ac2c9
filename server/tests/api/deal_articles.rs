//! Knowledge-base articles linked from deals through the API: anyone reads a deal's links; its
//! owners, managers and sales admins link and unlink; a second link of the same article is a
//! conflict, an unknown article a field error; every link and unlink is in the deal's audit
//! trail, and the deal itself (and its version) is left as it was.

use crate::common::{count, raw_signed_in, spawn_app};
use shared::api::{ArticleCategory, DealQuery, DealRow, LinkArticle};
use shared::client::{Client, ClientError};
use shared::{ArticleId, DealId, PipelineId};

const MANAGER: &str = "manager@example.com";
const ADMIN: &str = "admin@example.com";
const APPOINTER: &str = "appointer1@example.com";
const CLOSER: &str = "closer1@example.com";
const SUCCESS: &str = "success1@example.com";

fn status<T: std::fmt::Debug>(r: Result<T, ClientError>) -> u16 {
    r.expect_err("should be refused").status().unwrap_or(0)
}

fn link(id: i64) -> LinkArticle {
    LinkArticle {
        article_id: ArticleId(id),
    }
}

async fn sales_deals(c: &Client) -> Vec<DealRow> {
    c.all_deals(&DealQuery {
        pipeline_id: Some(PipelineId(1)),
        ..DealQuery::default()
    })
    .await
    .expect("deals")
    .deals
}

#[tokio::test]
async fn who_may_edit_a_deal_links_and_unlinks_its_articles() {
    let app = spawn_app().await;
    let closer = app.signed_in(CLOSER).await;
    let me = closer.me().await.expect("me").id;
    let deals = sales_deals(&closer).await;
    let mine = deals
        .iter()
        .find(|d| d.closer.as_ref().map(|c| c.id) == Some(me))
        .expect("a deal of closer1")
        .clone();
    let theirs = deals
        .iter()
        .find(|d| {
            [&d.appointer, &d.closer, &d.success]
                .into_iter()
                .flatten()
                .all(|o| o.id != me)
        })
        .expect("a deal closer1 does not own")
        .clone();
    assert_eq!(closer.deal_articles(mine.id).await.expect("list"), vec![]);

    // The owner links one; it comes back with the article's facts and who linked it.
    let l = closer
        .link_deal_article(mine.id, &link(6))
        .await
        .expect("link");
    assert_eq!(l.deal_id, mine.id);
    assert_eq!(l.article_id, ArticleId(6));
    assert_eq!(l.category, ArticleCategory::Competitor);
    assert_eq!(l.title, "競合A社との比較");
    assert_eq!(l.tags, ["競合", "A社"]);
    assert_eq!(l.linked_by.as_ref().map(|m| m.id), Some(me));
    // Twice is a conflict; an unknown article names the field; nothing more is stored.
    assert_eq!(
        status(closer.link_deal_article(mine.id, &link(6)).await),
        409
    );
    let e = closer
        .link_deal_article(mine.id, &link(999))
        .await
        .expect_err("no such article");
    assert_eq!(e.status(), Some(422));
    assert_eq!(
        e.api_error().map(|a| a.error.fields[0].field.clone()),
        Some("article_id".to_owned())
    );
    closer
        .link_deal_article(mine.id, &link(3))
        .await
        .expect("a second article");

    // Everyone reads the links, oldest first; nobody else may change them.
    for who in [SUCCESS, APPOINTER, MANAGER] {
        let c = app.signed_in(who).await;
        let list = c.deal_articles(mine.id).await.expect("read");
        let ids: Vec<_> = list.iter().map(|l| l.article_id).collect();
        assert_eq!(ids, [ArticleId(6), ArticleId(3)], "{who}");
    }
    assert_eq!(
        status(closer.link_deal_article(theirs.id, &link(1)).await),
        403
    );
    let mut refused = 0;
    for who in [SUCCESS, APPOINTER] {
        let c = app.signed_in(who).await;
        let id = c.me().await.expect("me").id;
        let owns = [&mine.appointer, &mine.closer, &mine.success]
            .into_iter()
            .flatten()
            .any(|o| o.id == id);
        if !owns {
            assert_eq!(
                status(c.unlink_deal_article(mine.id, ArticleId(6)).await),
                403,
                "{who}"
            );
            assert_eq!(status(c.link_deal_article(mine.id, &link(1)).await), 403);
            refused += 1;
        }
    }
    assert!(refused > 0, "someone who does not own the deal was refused");
    // Managers and sales admins may on any deal.
    let admin = app.signed_in(ADMIN).await;
    admin
        .link_deal_article(theirs.id, &link(1))
        .await
        .expect("admin links");
    let manager = app.signed_in(MANAGER).await;
    manager
        .unlink_deal_article(theirs.id, ArticleId(1))
        .await
        .expect("manager unlinks");
    assert_eq!(
        manager.deal_articles(theirs.id).await.expect("list"),
        vec![]
    );

    // The owner unlinks; a second unlink finds nothing.
    closer
        .unlink_deal_article(mine.id, ArticleId(6))
        .await
        .expect("unlink");
    assert_eq!(
        status(closer.unlink_deal_article(mine.id, ArticleId(6)).await),
        404
    );
    let left = closer.deal_articles(mine.id).await.expect("list");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].article_id, ArticleId(3));

    // Each link and unlink is on the deal's audit trail; the deal itself did not change.
    let trail = closer.deal_audit(mine.id).await.expect("audit");
    let linked: Vec<_> = trail
        .iter()
        .filter(|e| e.field == "article")
        .map(|e| (e.old_value.clone(), e.new_value.clone()))
        .collect();
    assert_eq!(
        linked,
        [
            (Some("競合A社との比較".to_owned()), None),
            (None, Some("他社で間に合っていると言われたら".to_owned())),
            (None, Some("競合A社との比較".to_owned())),
        ]
    );
    assert_eq!(
        count(
            &app.db,
            &format!(
                "audit_log WHERE entity = 'deal' AND entity_id = {} AND field = 'article'",
                theirs.id
            )
        )
        .await,
        2
    );
    let after = closer.deal(mine.id).await.expect("deal");
    assert_eq!(after.version, mine.version);
    assert_eq!(after.updated_at, mine.updated_at);
}

#[tokio::test]
async fn links_of_a_missing_deal_are_not_found_and_bodies_are_checked() {
    let app = spawn_app().await;
    let m = app.signed_in(MANAGER).await;
    assert_eq!(status(m.deal_articles(DealId(999_999)).await), 404);
    assert_eq!(
        status(m.link_deal_article(DealId(999_999), &link(1)).await),
        404
    );
    assert_eq!(
        status(m.unlink_deal_article(DealId(999_999), ArticleId(1)).await),
        404
    );
    let deal = sales_deals(&m).await[0].id;
    let raw = raw_signed_in(&app, MANAGER).await;
    let r = raw
        .post(app.url(&format!("/api/v1/deals/{deal}/articles")))
        .json(&serde_json::json!({"article_id": 1, "note": "x"}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 422);
    let r = raw
        .delete(app.url(&format!("/api/v1/deals/{deal}/articles/abc")))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 404);
    // Signed out: nothing.
    let anon = app.client();
    assert_eq!(status(anon.deal_articles(deal).await), 401);
}

#[tokio::test]
async fn deal_articles_are_documented() {
    let app = spawn_app().await;
    let doc: serde_json::Value = crate::common::raw()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    for (path, method) in [
        ("/api/v1/deals/{id}/articles", "get"),
        ("/api/v1/deals/{id}/articles", "post"),
        ("/api/v1/deals/{id}/articles/{article_id}", "delete"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is documented"
        );
    }
    for schema in ["DealArticle", "LinkArticle"] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "{schema} is documented"
        );
    }
}
