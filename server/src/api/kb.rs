//! The knowledge base: articles (objection handling, product and competitor facts) and their
//! search. Every member reads; managers and admins write.

use crate::error::ApiResult;
use crate::extract::{ApiId, ApiJson, ApiQuery};
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{Article, ArticlePatch, ArticleQuery, KbSearch, NewArticle};
use shared::{ApiError, ArticleId};

/// `GET /api/v1/kb/articles`: articles by category and title.
#[utoipa::path(get, path = "/api/v1/kb/articles", tag = "kb", security(("session" = [])), params(ArticleQuery),
    responses(
        (status = 200, body = Vec<Article>),
        (status = 400, body = ApiError, description = "A query parameter is malformed"),
        (status = 401, body = ApiError),
    ))]
pub async fn list_articles(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiQuery(q): ApiQuery<ArticleQuery>,
) -> ApiResult<Json<Vec<Article>>> {
    Ok(Json(service::kb::list(&state.db, &q).await?))
}

/// `POST /api/v1/kb/articles` (managers and admins).
#[utoipa::path(post, path = "/api/v1/kb/articles", tag = "kb", security(("session" = [])), request_body = NewArticle,
    responses(
        (status = 201, body = Article),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers and admins only"),
        (status = 422, body = ApiError, description = "A field is empty, too long, or a tag has a comma"),
    ))]
pub async fn create_article(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(body): ApiJson<NewArticle>,
) -> ApiResult<(StatusCode, Json<Article>)> {
    let _turn = state.writing().await;
    let a = service::kb::create(&state.db, &member, &body).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

/// `GET /api/v1/kb/articles/{id}`.
#[utoipa::path(get, path = "/api/v1/kb/articles/{id}", tag = "kb", security(("session" = [])),
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = Article), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_article(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiId(id): ApiId,
) -> ApiResult<Json<Article>> {
    Ok(Json(service::kb::get(&state.db, ArticleId(id)).await?))
}

/// `PATCH /api/v1/kb/articles/{id}` (managers and admins), with the version the edit started
/// from.
#[utoipa::path(patch, path = "/api/v1/kb/articles/{id}", tag = "kb", security(("session" = [])),
    params(("id" = i64, Path, description = "Article id")), request_body = ArticlePatch,
    responses(
        (status = 200, body = Article),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Managers and admins only"),
        (status = 404, body = ApiError),
        (status = 409, body = ApiError, description = "Changed since `version`; `current` is the article as it is now"),
        (status = 422, body = ApiError),
    ))]
pub async fn update_article(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ArticlePatch>,
) -> ApiResult<Json<Article>> {
    let _turn = state.writing().await;
    Ok(Json(
        service::kb::update(&state.db, &member, ArticleId(id), &body).await?,
    ))
}

/// `GET /api/v1/kb/search?q=…`: articles with every word in the title, body or tags (any
/// part of a Japanese text matches); titles first; at most 50.
#[utoipa::path(get, path = "/api/v1/kb/search", tag = "kb", security(("session" = [])), params(KbSearch),
    responses(
        (status = 200, body = Vec<Article>),
        (status = 400, body = ApiError, description = "`q` is missing"),
        (status = 401, body = ApiError),
        (status = 422, body = ApiError, description = "`q` is blank or over 200 characters"),
    ))]
pub async fn search_articles(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiQuery(q): ApiQuery<KbSearch>,
) -> ApiResult<Json<Vec<Article>>> {
    Ok(Json(service::kb::search(&state.db, &q).await?))
}
