//! Customer success: the accounts a success member owns (what was promised, the onboarding
//! checklist, contact state), ticking checklist items, and the managers' checklist template.

use crate::error::ApiResult;
use crate::extract::{ApiIds, ApiJson, ApiQuery};
use crate::service;
use crate::session::CurrentMember;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use shared::api::{
    ChecklistItem, ChecklistItemPatch, ChecklistTemplate, SuccessAccount, SuccessQuery,
};
use shared::{AccountId, ApiError, ChecklistItemId};

/// `GET /api/v1/success/accounts`: the accounts whose deals have the asked-for success owner
/// (`owner=me`, the default; a member id or `all` for managers), each with its deals, the
/// accepted won hand-off's note and giver, the onboarding checklist and progress, the last
/// contact, days since, the segment's interval and days overdue. `stale=true` keeps only the
/// accounts past their interval, most overdue first. An account with no checklist yet gets
/// its copy of the template here, the first time it is listed.
#[utoipa::path(get, path = "/api/v1/success/accounts", tag = "success", security(("session" = [])), params(SuccessQuery),
    responses(
        (status = 200, body = Vec<SuccessAccount>),
        (status = 400, body = ApiError, description = "A query parameter is malformed"),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not in customer success nor a manager, or another member's accounts asked by a non-manager"),
    ))]
pub async fn list_success_accounts(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiQuery(q): ApiQuery<SuccessQuery>,
) -> ApiResult<Json<Vec<SuccessAccount>>> {
    let fresh = service::success::unstarted(&state.db, &member, q.owner).await?;
    if !fresh.is_empty() {
        let _turn = state.writing().await;
        service::success::start_checklists_now(&state.db, &fresh).await?;
    }
    Ok(Json(service::success::list(&state.db, &member, &q).await?))
}

/// `PATCH /api/v1/success/accounts/{account_id}/checklist/{item_id}`: tick or untick an
/// onboarding item (the account's success owner or a manager); recorded with who and when.
#[utoipa::path(patch, path = "/api/v1/success/accounts/{account_id}/checklist/{item_id}", tag = "success", security(("session" = [])),
    params(("account_id" = i64, Path, description = "Account id"), ("item_id" = i64, Path, description = "Checklist item id")),
    request_body = ChecklistItemPatch,
    responses(
        (status = 200, body = ChecklistItem),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not the account's success owner nor a manager"),
        (status = 404, body = ApiError, description = "No such item on this account"),
        (status = 422, body = ApiError),
    ))]
pub async fn update_checklist_item(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiIds(account, item): ApiIds,
    ApiJson(patch): ApiJson<ChecklistItemPatch>,
) -> ApiResult<Json<ChecklistItem>> {
    let _turn = state.writing().await;
    let item = service::success::update_item(
        &state.db,
        &member,
        AccountId(account),
        ChecklistItemId(item),
        &patch,
    )
    .await?;
    state.reads.invalidate();
    Ok(Json(item))
}

/// `GET /api/v1/success/checklist-template`: the onboarding checklist new accounts start
/// from (success members and managers).
#[utoipa::path(get, path = "/api/v1/success/checklist-template", tag = "success", security(("session" = [])),
    responses(
        (status = 200, body = ChecklistTemplate),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not in customer success nor a manager"),
    ))]
pub async fn get_checklist_template(
    State(state): State<AppState>,
    member: CurrentMember,
) -> ApiResult<Json<ChecklistTemplate>> {
    Ok(Json(service::success::template(&state.db, &member).await?))
}

/// `PUT /api/v1/success/checklist-template` (managers): the items in order. Accounts already
/// in onboarding keep their own copy.
#[utoipa::path(put, path = "/api/v1/success/checklist-template", tag = "success", security(("session" = [])),
    request_body = ChecklistTemplate,
    responses(
        (status = 200, body = ChecklistTemplate),
        (status = 401, body = ApiError),
        (status = 403, body = ApiError, description = "Not a manager"),
        (status = 422, body = ApiError, description = "No items, too many, or an item blank, too long or repeated (the field names it: items[i])"),
    ))]
pub async fn update_checklist_template(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(body): ApiJson<ChecklistTemplate>,
) -> ApiResult<Json<ChecklistTemplate>> {
    let _turn = state.writing().await;
    Ok(Json(
        service::success::update_template(&state.db, &member, &body).await?,
    ))
}
