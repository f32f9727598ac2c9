//! Knowledge-base articles linked from a deal: listed for anyone who can open the deal, linked
//! and unlinked by the members who may edit it.

use crate::error::ApiResult;
use crate::extract::{ApiId, ApiIds, ApiJson};
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{DealArticle, LinkArticle};
use shared::{ApiError, ArticleId, DealId};

/// `GET /api/v1/deals/{id}/articles`: the linked articles, oldest link first.
#[utoipa::path(get, path = "/api/v1/deals/{id}/articles", tag = "deals", security(("session" = [])),
    params(("id" = i64, Path, description = "Deal id")),
    responses(
        (status = 200, body = Vec<DealArticle>),
        (status = 401, body = ApiError),
        (status = 404, body = ApiError, description = "No such deal"),
    ))]
pub async fn list_deal_articles(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<DealArticle>>> {
    Ok(Json(
        service::deal_articles::list(&state.db, DealId(id)).await?,
    ))
}

/// `POST /api/v1/deals/{id}/articles`: link an article (managers, sales admins and the deal's
/// owners; audited on the deal).
#[utoipa::path(post, path = "/api/v1/deals/{id}/articles", tag = "deals", security(("session" = [])),
    params(("id" = i64, Path, description = "Deal id")), request_body = LinkArticle,
    responses(
        (status = 201, body = DealArticle),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Only managers, sales admins and the deal's owners"),
        (status = 404, body = ApiError, description = "No such deal"),
        (status = 409, body = ApiError, description = "The article is already linked to the deal"),
        (status = 422, body = ApiError, description = "No such article (`article_id`), or the deal links 50 already"),
    ))]
pub async fn link_deal_article(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<LinkArticle>,
) -> ApiResult<(StatusCode, Json<DealArticle>)> {
    let _turn = state.writing().await;
    let link = service::deal_articles::link(&state.db, &member, DealId(id), &body).await?;
    Ok((StatusCode::CREATED, Json(link)))
}

/// `DELETE /api/v1/deals/{id}/articles/{article_id}`: unlink an article (who may link may
/// unlink; audited on the deal).
#[utoipa::path(delete, path = "/api/v1/deals/{id}/articles/{article_id}", tag = "deals", security(("session" = [])),
    params(
        ("id" = i64, Path, description = "Deal id"),
        ("article_id" = i64, Path, description = "Article id"),
    ),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Only managers, sales admins and the deal's owners"),
        (status = 404, body = ApiError, description = "No such deal, or the article is not linked to it"),
    ))]
pub async fn unlink_deal_article(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiIds(id, article): ApiIds,
) -> ApiResult<StatusCode> {
    let _turn = state.writing().await;
    service::deal_articles::unlink(&state.db, &member, DealId(id), ArticleId(article)).await?;
    Ok(StatusCode::NO_CONTENT)
}
