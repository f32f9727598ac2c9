//! Talk scripts and the knowledge base through the API: the demo's published script; a draft
//! saved with its version (a stale one is a conflict with the script as it is now); publishing
//! refuses a graph with problems and lists them; versions are immutable and show their diff;
//! roles on every route; articles written with a version check and found by Japanese words.

use crate::common::{TestApp, count, raw_signed_in, spawn_app};
use shared::api::{
    Article, ArticleCategory, ArticlePatch, ArticleQuery, KbSearch, NewArticle, NewScript,
    PublishScript, SaveDraft, Script, ScriptPurpose, ScriptQuery,
};
use shared::client::{Client, ClientError};
use shared::script::{
    Answer, DiffKind, Outcome, ProblemCode, ScriptGraph, Step, StepField, validate,
};
use shared::{ArticleId, PipelineId, ScriptId};

const MANAGER: &str = "manager@example.com";
const ADMIN: &str = "admin@example.com";
const APPOINTER: &str = "appointer1@example.com";
const CLOSER: &str = "closer1@example.com";
const SUCCESS: &str = "success1@example.com";

fn status<T: std::fmt::Debug>(r: Result<T, ClientError>) -> u16 {
    r.expect_err("should be refused").status().unwrap_or(0)
}

fn fields(e: &ClientError) -> Vec<(String, String)> {
    e.api_error()
        .map(|a| {
            a.error
                .fields
                .iter()
                .map(|f| (f.field.clone(), f.code.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn step(key: &str, text: &str, answers: Vec<Answer>) -> Step {
    Step {
        key: key.into(),
        text: text.into(),
        answers,
        ..Default::default()
    }
}

fn to(label: &str, next: &str) -> Answer {
    Answer {
        label: label.into(),
        next: Some(next.into()),
        ..Default::default()
    }
}

fn ends(label: &str, o: Outcome) -> Answer {
    Answer {
        label: label.into(),
        outcome: Some(o),
        ..Default::default()
    }
}

/// Three steps with an objection branch.
fn three_steps() -> ScriptGraph {
    ScriptGraph {
        start: "open".into(),
        steps: vec![
            step(
                "open",
                "{contact.name}様はいらっしゃいますか？",
                vec![to("本人", "pitch"), ends("不在", Outcome::CallBack)],
            ),
            step(
                "pitch",
                "{member.company}の{member.name}です。30分お時間をいただけますか？",
                vec![
                    ends("日程が決まった", Outcome::AppointmentSet),
                    to("忙しい", "busy"),
                ],
            ),
            Step {
                shared: true,
                article: Some(ArticleId(1)),
                ..step(
                    "busy",
                    "改めてお電話します。ご都合のよい時間は？",
                    vec![ends("日時を聞けた", Outcome::CallBack)],
                )
            },
        ],
    }
}

async fn new_script(c: &Client, name: &str) -> Script {
    c.create_script(&NewScript {
        name: name.into(),
        pipeline_id: PipelineId(1),
        purpose: ScriptPurpose::FollowUp,
        graph: None,
    })
    .await
    .expect("create script")
}

async fn save(c: &Client, id: ScriptId, graph: &ScriptGraph, version: i32) -> Script {
    c.save_draft(
        id,
        &SaveDraft {
            graph: graph.clone(),
            version,
        },
    )
    .await
    .expect("save draft")
}

#[tokio::test]
async fn the_demo_script_is_published_and_sound() {
    let app = spawn_app().await;
    let m = app.signed_in(MANAGER).await;
    let list = m.scripts(&ScriptQuery::default()).await.expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].purpose, ScriptPurpose::ColdCall);
    assert_eq!(list[0].pipeline_id, Some(PipelineId(1)));
    assert_eq!(list[0].published_version, Some(1));
    let s = m.script(list[0].id).await.expect("script");
    assert_eq!(s.draft_problems, vec![], "the demo draft can be published");
    let published = s.published.clone().expect("published graph");
    assert_eq!(validate(&published), vec![]);
    assert_eq!(s.draft.as_ref(), Some(&published));
    assert_eq!(s.versions.len(), 1);
    assert!(
        published.steps.iter().any(|st| st.article.is_some()),
        "objection steps link their articles"
    );
    for step in published.steps.iter().filter(|s| s.article.is_some()) {
        let a = m
            .article(step.article.expect("linked"))
            .await
            .expect("linked article exists");
        assert_eq!(a.category, ArticleCategory::Objection);
    }

    // Appointers and closers read the published graph, never the draft.
    for who in [APPOINTER, CLOSER] {
        let c = app.signed_in(who).await;
        let s = c.script(list[0].id).await.expect("read");
        assert_eq!(s.draft, None);
        assert_eq!(s.published.as_ref(), Some(&published));
    }
    // Customer success has no scripts.
    let cs = app.signed_in(SUCCESS).await;
    assert_eq!(status(cs.scripts(&ScriptQuery::default()).await), 403);
    assert_eq!(status(cs.script(list[0].id).await), 403);
    assert_eq!(status(m.script(ScriptId(999)).await), 404);
}

#[tokio::test]
async fn drafts_publish_as_immutable_versions_with_diffs() {
    let app = spawn_app().await;
    let m = app.signed_in(MANAGER).await;
    let a = app.signed_in(APPOINTER).await;
    let s = new_script(&m, "フォロー架電").await;
    assert_eq!(s.draft_version, 1);
    assert_eq!(s.published_version, None);
    assert_eq!(s.draft, Some(ScriptGraph::default()));
    assert!(
        s.draft_problems
            .iter()
            .any(|p| p.code == ProblemCode::MissingStart)
    );
    // Unpublished: appointers do not see it.
    let theirs = a.scripts(&ScriptQuery::default()).await.expect("list");
    assert!(theirs.iter().all(|x| x.id != s.id));
    assert_eq!(status(a.script(s.id).await), 404);

    // A draft with problems can be saved, not published.
    let mut broken = three_steps();
    broken.steps[1].answers[1].next = Some("nowhere".into());
    broken.steps[0].text = "  ".into();
    let saved = save(&m, s.id, &broken, 1).await;
    assert_eq!(saved.draft_version, 2);
    assert_eq!(saved.draft.as_ref(), Some(&broken));
    let codes: Vec<_> = saved.draft_problems.iter().map(|p| p.code).collect();
    assert!(codes.contains(&ProblemCode::MissingStep), "{codes:?}");
    assert!(codes.contains(&ProblemCode::EmptyText), "{codes:?}");
    let e = m
        .publish_script(s.id, &PublishScript { version: 2 })
        .await
        .expect_err("invalid graph");
    assert_eq!(e.status(), Some(422));
    let f = fields(&e);
    assert!(
        f.contains(&(
            "draft.steps[1].answers[1].next".into(),
            "missing_step".into()
        )),
        "{f:?}"
    );
    assert!(f.contains(&("draft.steps[0].text".into(), "empty_text".into())));
    assert_eq!(f.len(), 2, "the shared step stays reachable: {f:?}");
    assert_eq!(
        count(
            &app.db,
            &format!("talk_script_versions WHERE script_id = {}", s.id)
        )
        .await,
        0
    );

    // Fixed, it publishes as version 1.
    let saved = save(&m, s.id, &three_steps(), 2).await;
    assert_eq!(saved.draft_problems, vec![]);
    let p = m
        .publish_script(s.id, &PublishScript { version: 3 })
        .await
        .expect("publish");
    assert_eq!(p.published_version, Some(1));
    assert_eq!(p.published, Some(three_steps()));
    assert_eq!(p.versions.len(), 1);
    assert_eq!(
        p.versions[0].published_by.as_ref().map(|m| m.name.as_str()),
        Some("田中 誠")
    );
    // Publishing the same draft again is refused.
    let e = m
        .publish_script(s.id, &PublishScript { version: 3 })
        .await
        .expect_err("unchanged");
    assert_eq!(fields(&e), [("draft".to_owned(), "unchanged".to_owned())]);

    // The appointer now runs version 1.
    let theirs = a.script(s.id).await.expect("published");
    assert_eq!(theirs.published_version, Some(1));
    assert_eq!(theirs.draft, None);

    // Edit the draft: calls still run version 1 until it is published.
    let mut next = three_steps();
    next.steps[1].text = "{member.name}です。来週15分だけいただけますか？".into();
    next.steps[0]
        .answers
        .push(ends("番号違い", Outcome::WrongContact));
    next.steps.push(Step {
        shared: true,
        ..step(
            "material",
            "資料をお送りします。",
            vec![ends("送付先を聞けた", Outcome::CallBack)],
        )
    });
    let saved = save(&m, s.id, &next, 3).await;
    assert_eq!(saved.published, Some(three_steps()));
    assert_eq!(
        a.script(s.id).await.expect("read").published,
        Some(three_steps())
    );
    let p = m
        .publish_script(s.id, &PublishScript { version: 4 })
        .await
        .expect("publish 2");
    assert_eq!(p.published_version, Some(2));
    assert_eq!(
        p.versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [2, 1]
    );

    // Versions stay readable, with what changed.
    let v1 = a.script_version(s.id, 1).await.expect("v1");
    assert_eq!(v1.graph, three_steps());
    assert_eq!(v1.diff, None);
    let v2 = m.script_version(s.id, 2).await.expect("v2");
    assert_eq!(v2.graph, next);
    let diff = v2.diff.expect("diff to v1");
    let kinds: Vec<_> = diff
        .steps
        .iter()
        .map(|d| (d.key.as_str(), d.change))
        .collect();
    assert_eq!(
        kinds,
        [
            ("open", DiffKind::Changed),
            ("pitch", DiffKind::Changed),
            ("material", DiffKind::Added)
        ]
    );
    assert_eq!(diff.steps[0].answers[0].change, DiffKind::Added);
    assert_eq!(diff.steps[1].fields, [StepField::Text]);
    assert_eq!(status(m.script_version(s.id, 3).await), 404);
    let r = raw_signed_in(&app, MANAGER)
        .await
        .get(app.url(&format!("/api/v1/scripts/{}/versions/x", s.id)))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 404);

    // Every write is in the audit log.
    let audited = count(
        &app.db,
        &format!(
            "audit_log WHERE entity = 'talk_script' AND entity_id = {}",
            s.id
        ),
    )
    .await;
    assert_eq!(
        audited,
        1 + 3 + 2,
        "created, three drafts, two publications"
    );
}

#[tokio::test]
async fn a_stale_draft_is_a_conflict_not_an_overwrite() {
    let app = spawn_app().await;
    let m = app.signed_in(MANAGER).await;
    let admin = app.signed_in(ADMIN).await;
    let s = new_script(&m, "再開拓").await;
    // Both opened version 1; the manager saves first.
    let mine = save(&m, s.id, &three_steps(), 1).await;
    assert_eq!(mine.draft_version, 2);
    let mut theirs = three_steps();
    theirs.steps[0].text = "別の書き出し".into();
    let e = admin
        .save_draft(
            s.id,
            &SaveDraft {
                graph: theirs.clone(),
                version: 1,
            },
        )
        .await
        .expect_err("stale");
    assert_eq!(e.status(), Some(409));
    let current: Script = serde_json::from_value(
        e.api_error()
            .and_then(|a| a.error.current.clone())
            .expect("current script"),
    )
    .expect("a script");
    assert_eq!(current.draft_version, 2);
    assert_eq!(current.draft, Some(three_steps()));
    // Nothing was overwritten; publishing what one did not see is refused too.
    assert_eq!(
        m.script(s.id).await.expect("read").draft,
        Some(three_steps())
    );
    assert_eq!(
        status(
            admin
                .publish_script(s.id, &PublishScript { version: 1 })
                .await
        ),
        409
    );
    // Saving the same draft again changes nothing (no new version).
    assert_eq!(save(&m, s.id, &three_steps(), 2).await.draft_version, 2);
    // With the current version, the admin's edit goes through.
    assert_eq!(save(&admin, s.id, &theirs, 2).await.draft_version, 3);
}

#[tokio::test]
async fn roles_are_enforced_on_every_script_route() {
    let app = spawn_app().await;
    let m = app.signed_in(MANAGER).await;
    let s = new_script(&m, "役割テスト").await;
    let new = NewScript {
        name: "x".into(),
        pipeline_id: PipelineId(1),
        purpose: ScriptPurpose::ColdCall,
        graph: None,
    };
    for who in [APPOINTER, CLOSER, SUCCESS] {
        let c = app.signed_in(who).await;
        assert_eq!(status(c.create_script(&new).await), 403, "{who}");
        let body = SaveDraft {
            graph: three_steps(),
            version: 1,
        };
        assert_eq!(status(c.save_draft(s.id, &body).await), 403, "{who}");
        assert_eq!(
            status(c.publish_script(s.id, &PublishScript { version: 1 }).await),
            403,
            "{who}"
        );
    }
    // Admins edit like managers.
    let admin = app.signed_in(ADMIN).await;
    let created = admin.create_script(&new).await.expect("admin creates");
    assert_eq!(created.purpose, ScriptPurpose::ColdCall);
    // Not signed in.
    assert_eq!(
        status(app.client().scripts(&ScriptQuery::default()).await),
        401
    );
    // Filters.
    let follow_ups = m
        .scripts(&ScriptQuery {
            purpose: Some(ScriptPurpose::FollowUp),
            ..Default::default()
        })
        .await
        .expect("filter");
    assert_eq!(follow_ups.iter().map(|x| x.id).collect::<Vec<_>>(), [s.id]);
}

#[tokio::test]
async fn bad_script_input_names_the_field() {
    let app: TestApp = spawn_app().await;
    let m = app.signed_in(MANAGER).await;
    let e = m
        .create_script(&NewScript {
            name: " ".into(),
            pipeline_id: PipelineId(1),
            purpose: ScriptPurpose::ColdCall,
            graph: None,
        })
        .await
        .expect_err("no name");
    assert_eq!(fields(&e), [("name".to_owned(), "required".to_owned())]);
    let e = m
        .create_script(&NewScript {
            name: "x".into(),
            pipeline_id: PipelineId(999),
            purpose: ScriptPurpose::ColdCall,
            graph: None,
        })
        .await
        .expect_err("no pipeline");
    assert_eq!(e.status(), Some(422));
    assert_eq!(fields(&e)[0].0, "pipeline_id");

    let s = new_script(&m, "入力テスト").await;
    let raw = raw_signed_in(&app, MANAGER).await;
    let put = |body: serde_json::Value| {
        raw.put(app.url(&format!("/api/v1/scripts/{}/draft", s.id)))
            .json(&body)
            .send()
    };
    for (body, field) in [
        (
            serde_json::json!({"version": 1, "graph": {"start": "a", "steps": [{"key": "a", "text": "x", "answers": [{"label": "y", "outcome": "maybe"}]}]}}),
            "graph.steps[0].answers[0].outcome",
        ),
        (
            serde_json::json!({"version": 1, "graph": {"start": "a", "stepz": []}}),
            "graph.stepz",
        ),
        (
            serde_json::json!({"version": 1, "graph": {"start": "a", "steps": [{"text": "no key"}]}}),
            "graph.steps[0].key",
        ),
        (serde_json::json!({"graph": {}}), "version"),
    ] {
        let r = put(body).await.expect("send");
        assert_eq!(r.status(), 422, "{field}");
        let v: serde_json::Value = r.json().await.expect("json");
        assert_eq!(v["error"]["fields"][0]["field"], field, "{v}");
    }
    assert_eq!(m.script(s.id).await.expect("read").draft_version, 1);

    // A link to an article that does not exist blocks publishing.
    let mut g = three_steps();
    g.steps[2].article = Some(ArticleId(999));
    save(&m, s.id, &g, 1).await;
    let e = m
        .publish_script(s.id, &PublishScript { version: 2 })
        .await
        .expect_err("unknown article");
    assert_eq!(
        fields(&e),
        [(
            "draft.steps[2].article".to_owned(),
            "unknown_article".to_owned()
        )]
    );
}

async fn new_article(c: &Client, title: &str, body: &str, tags: &[&str]) -> Article {
    c.create_article(&NewArticle {
        category: ArticleCategory::Competitor,
        title: title.into(),
        body: body.into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    })
    .await
    .expect("create article")
}

#[tokio::test]
async fn articles_are_read_by_all_written_by_managers_and_found_by_japanese_words() {
    let app = spawn_app().await;
    let m = app.signed_in(MANAGER).await;
    let cs = app.signed_in(SUCCESS).await;
    let all = cs.articles(&ArticleQuery::default()).await.expect("list");
    assert_eq!(all.len(), 6);
    let objections = cs
        .articles(&ArticleQuery {
            category: Some(ArticleCategory::Objection),
        })
        .await
        .expect("by category");
    assert_eq!(objections.len(), 4);
    assert!(
        objections
            .iter()
            .all(|a| a.category == ArticleCategory::Objection)
    );

    let search = |c: &Client, q: &str| {
        let c = c.clone();
        let q = KbSearch { q: q.into() };
        async move {
            c.search_articles(&q)
                .await
                .expect("search")
                .into_iter()
                .map(|a| a.title)
                .collect::<Vec<_>>()
        }
    };
    // A word inside a title, a body, a tag (any case), several words (with a Japanese space).
    assert_eq!(search(&cs, "忙しい").await, ["忙しいと言われたら"]);
    assert_eq!(
        search(&cs, "比較表").await,
        ["他社で間に合っていると言われたら"]
    );
    assert_eq!(search(&cs, "roi").await, ["予算がないと言われたら"]);
    assert_eq!(search(&cs, "競合　A社").await, ["競合A社との比較"]);
    assert_eq!(search(&cs, "%").await, Vec::<String>::new());
    // Title matches come before body matches.
    new_article(&m, "電話サポートの体制", "平日9時から18時まで。", &[]).await;
    let hits = search(&cs, "電話サポート").await;
    assert_eq!(hits, ["電話サポートの体制", "競合A社との比較"]);
    assert_eq!(
        status(cs.search_articles(&KbSearch { q: "　".into() }).await),
        422
    );

    // Writing: managers and admins.
    for who in [APPOINTER, CLOSER, SUCCESS] {
        let c = app.signed_in(who).await;
        let new = NewArticle {
            category: ArticleCategory::Product,
            title: "x".into(),
            body: "y".into(),
            tags: vec![],
        };
        assert_eq!(status(c.create_article(&new).await), 403, "{who}");
        let patch = ArticlePatch {
            version: 1,
            title: Some("z".into()),
            ..Default::default()
        };
        assert_eq!(status(c.update_article(ArticleId(1), &patch).await), 403);
    }
    let admin = app.signed_in(ADMIN).await;
    let a = new_article(
        &admin,
        "競合B社",
        "B社は導入に3か月かかる。",
        &["競合", "B社"],
    )
    .await;
    assert_eq!(a.version, 1);
    assert_eq!(a.tags, ["競合", "B社"]);
    assert_eq!(
        a.created_by.as_ref().map(|m| m.id),
        Some(admin.me().await.expect("me").id)
    );

    // Edits carry the version; a stale one is a conflict with the article as it is.
    let edited = m
        .update_article(
            a.id,
            &ArticlePatch {
                version: 1,
                body: Some("B社は導入に3か月、当社は2週間。".into()),
                tags: Some(vec!["競合".into(), "B社".into(), "導入期間".into()]),
                ..Default::default()
            },
        )
        .await
        .expect("edit");
    assert_eq!(edited.version, 2);
    assert_eq!(search(&cs, "導入期間").await, ["競合B社"]);
    let e = admin
        .update_article(
            a.id,
            &ArticlePatch {
                version: 1,
                title: Some("上書き".into()),
                ..Default::default()
            },
        )
        .await
        .expect_err("stale");
    assert_eq!(e.status(), Some(409));
    let current: Article = serde_json::from_value(
        e.api_error()
            .and_then(|x| x.error.current.clone())
            .expect("current"),
    )
    .expect("an article");
    assert_eq!(current, edited);
    assert_eq!(cs.article(a.id).await.expect("read").title, "競合B社");

    // Bad input names the field and changes nothing.
    let e = m
        .update_article(
            a.id,
            &ArticlePatch {
                version: 2,
                title: Some(" ".into()),
                tags: Some(vec!["a,b".into()]),
                ..Default::default()
            },
        )
        .await
        .expect_err("invalid");
    assert_eq!(
        fields(&e),
        [
            ("title".to_owned(), "required".to_owned()),
            ("tags[0]".to_owned(), "invalid_value".to_owned())
        ]
    );
    assert_eq!(status(cs.article(ArticleId(999)).await), 404);
    let r = raw_signed_in(&app, MANAGER)
        .await
        .post(app.url("/api/v1/kb/articles"))
        .json(&serde_json::json!({"category": "rumour", "title": "t", "body": "b"}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 422);
    let v: serde_json::Value = r.json().await.expect("json");
    assert_eq!(v["error"]["fields"][0]["field"], "category");

    // Audited: created twice (manager, admin), then body and tags.
    let audited = count(&app.db, "audit_log WHERE entity = 'kb_article'").await;
    assert_eq!(audited, 4);
}

#[tokio::test]
async fn scripts_and_articles_are_documented() {
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
        ("/api/v1/scripts", "get"),
        ("/api/v1/scripts", "post"),
        ("/api/v1/scripts/{id}", "get"),
        ("/api/v1/scripts/{id}/draft", "put"),
        ("/api/v1/scripts/{id}/publish", "post"),
        ("/api/v1/scripts/{id}/versions/{n}", "get"),
        ("/api/v1/kb/articles", "get"),
        ("/api/v1/kb/articles", "post"),
        ("/api/v1/kb/articles/{id}", "get"),
        ("/api/v1/kb/articles/{id}", "patch"),
        ("/api/v1/kb/search", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is documented"
        );
    }
    for schema in [
        "Script",
        "ScriptSummary",
        "ScriptVersion",
        "ScriptGraph",
        "Step",
        "Answer",
        "Outcome",
        "Problem",
        "ProblemCode",
        "ScriptDiff",
        "NewScript",
        "SaveDraft",
        "PublishScript",
        "Article",
        "NewArticle",
        "ArticlePatch",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "{schema} is documented"
        );
    }
}

#[tokio::test]
async fn simultaneous_edits_of_one_draft_let_exactly_one_through() {
    let app = spawn_app().await;
    let m = app.signed_in(MANAGER).await;
    let admin = app.signed_in(ADMIN).await;
    let s = new_script(&m, "同時編集").await;
    let mut tasks = Vec::new();
    for i in 0..6 {
        let c = if i % 2 == 0 { m.clone() } else { admin.clone() };
        let mut g = three_steps();
        g.steps[0].text = format!("書き出し {i}");
        tasks.push(tokio::spawn(async move {
            c.save_draft(
                s.id,
                &SaveDraft {
                    graph: g,
                    version: 1,
                },
            )
            .await
            .map(|x| x.draft_version)
            .map_err(|e| e.status())
        }));
    }
    let mut ok = Vec::new();
    let mut refused = Vec::new();
    for t in tasks {
        match t.await.expect("task") {
            Ok(v) => ok.push(v),
            Err(status) => refused.push(status),
        }
    }
    assert_eq!(ok, [2], "one save wins");
    assert_eq!(refused, vec![Some(409); 5]);

    // Two publications of the same draft: one version, the other refused.
    let (a, b) = tokio::join!(
        m.publish_script(s.id, &PublishScript { version: 2 }),
        admin.publish_script(s.id, &PublishScript { version: 2 }),
    );
    let statuses: Vec<_> = [&a, &b]
        .iter()
        .map(|r| r.as_ref().err().and_then(|e| e.status()))
        .collect();
    assert!(
        statuses.contains(&None) && statuses.iter().any(|s| matches!(s, Some(409 | 422))),
        "{statuses:?}"
    );
    assert_eq!(
        count(
            &app.db,
            &format!("talk_script_versions WHERE script_id = {}", s.id)
        )
        .await,
        1
    );
}
