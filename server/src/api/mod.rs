//! `/api`: the router of the JSON API, its OpenAPI document, and thin handlers (parse, check
//! roles, call a service, answer). Every route under `private` needs a session: deny by default.

pub mod accounts;
pub mod auth;
pub mod calls;
pub mod deal_articles;
pub mod deals;
pub mod events;
pub mod handoffs;
pub mod health;
pub mod kb;
pub mod members;
pub mod pipelines;
pub mod scripts;
pub mod success;
pub mod team;

use crate::error::AppError;
use crate::session::require_session;
use crate::state::AppState;
use axum::Router;
use axum::middleware;
use axum::routing::{any, delete, get, patch, post, put};
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};

/// The API's routes (public and private), with the session guard on the private ones.
pub fn routes(state: &AppState) -> Router<AppState> {
    let public = Router::new()
        .route("/api/health", get(health::health))
        .route("/api/openapi.json", get(health::openapi))
        .route("/api/v1/auth/login", post(auth::login))
        .route("/api/v1/auth/logout", post(auth::logout));
    let private = Router::new()
        .route("/api/v1/me", get(auth::me).patch(auth::update_me))
        .route(
            "/api/v1/members",
            get(members::list_members).post(members::create_member),
        )
        .route("/api/v1/events", get(events::stream_events))
        .route(
            "/api/v1/pipelines",
            get(pipelines::list_pipelines).post(pipelines::create_pipeline),
        )
        .route("/api/v1/pipelines/{id}", patch(pipelines::rename_pipeline))
        .route("/api/v1/pipelines/{id}/stages", post(pipelines::add_stage))
        .route(
            "/api/v1/pipelines/{id}/stages/order",
            put(pipelines::reorder_stages),
        )
        .route(
            "/api/v1/pipelines/{id}/stages/{stage_id}",
            patch(pipelines::update_stage).delete(pipelines::remove_stage),
        )
        .route("/api/v1/pipelines/{id}/board", get(pipelines::get_board))
        .route(
            "/api/v1/pipelines/{id}/stages/{stage_id}/deals",
            get(pipelines::list_column_deals),
        )
        .route(
            "/api/v1/deals",
            get(deals::list_deals).post(deals::create_deal),
        )
        .route(
            "/api/v1/deals/{id}",
            get(deals::get_deal).patch(deals::update_deal),
        )
        .route("/api/v1/deals/{id}/move", post(deals::move_deal))
        .route("/api/v1/deals/{id}/history", get(deals::deal_history))
        .route(
            "/api/v1/deals/{id}/activities",
            get(deals::deal_activities).post(deals::add_activity),
        )
        .route("/api/v1/deals/{id}/audit", get(deals::deal_audit))
        .route(
            "/api/v1/accounts",
            get(accounts::list_accounts).post(accounts::create_account),
        )
        .route("/api/v1/segments", get(accounts::list_segments))
        .route("/api/v1/segments/{id}", patch(accounts::update_segment))
        .route("/api/v1/territories", get(accounts::list_territories))
        .route("/api/v1/team/matrix", get(team::team_matrix))
        .route(
            "/api/v1/team/members/{id}/roles/{role}",
            put(team::update_role_cell),
        )
        .route(
            "/api/v1/team/members/{id}/absences",
            post(team::add_absence).delete(team::remove_absence),
        )
        .route("/api/v1/team/routing/preview", get(team::routing_preview))
        .route(
            "/api/v1/handoffs",
            get(handoffs::list_handoffs).post(handoffs::create_handoff),
        )
        .route(
            "/api/v1/handoffs/reasons",
            get(handoffs::list_reasons).post(handoffs::create_reason),
        )
        .route(
            "/api/v1/handoffs/reasons/{code}",
            patch(handoffs::update_reason),
        )
        .route("/api/v1/handoffs/types", get(handoffs::list_types))
        .route("/api/v1/handoffs/types/{kind}", put(handoffs::update_type))
        .route("/api/v1/handoffs/stats", get(handoffs::handoff_stats))
        .route(
            "/api/v1/handoffs/{id}",
            get(handoffs::get_handoff).patch(handoffs::update_handoff),
        )
        .route(
            "/api/v1/handoffs/{id}/accept",
            post(handoffs::accept_handoff),
        )
        .route(
            "/api/v1/handoffs/{id}/reject",
            post(handoffs::reject_handoff),
        )
        .route(
            "/api/v1/scripts",
            get(scripts::list_scripts).post(scripts::create_script),
        )
        .route("/api/v1/scripts/{id}", get(scripts::get_script))
        .route("/api/v1/scripts/{id}/draft", put(scripts::save_draft))
        .route(
            "/api/v1/scripts/{id}/publish",
            post(scripts::publish_script),
        )
        .route(
            "/api/v1/scripts/{id}/versions/{n}",
            get(scripts::get_script_version),
        )
        .route(
            "/api/v1/kb/articles",
            get(kb::list_articles).post(kb::create_article),
        )
        .route(
            "/api/v1/kb/articles/{id}",
            get(kb::get_article).patch(kb::update_article),
        )
        .route("/api/v1/kb/search", get(kb::search_articles))
        .route(
            "/api/v1/success/accounts",
            get(success::list_success_accounts),
        )
        .route(
            "/api/v1/success/accounts/{account_id}/checklist/{item_id}",
            patch(success::update_checklist_item),
        )
        .route(
            "/api/v1/success/checklist-template",
            get(success::get_checklist_template).put(success::update_checklist_template),
        )
        .route("/api/v1/calls/queue", get(calls::call_queue))
        .route("/api/v1/calls", post(calls::start_call))
        .route("/api/v1/calls/{id}", get(calls::get_call))
        .route("/api/v1/calls/{id}/context", get(calls::call_context))
        .route("/api/v1/calls/{id}/answers", post(calls::answer_call))
        .route("/api/v1/calls/{id}/finish", post(calls::finish_call))
        .route("/api/v1/scripts/{id}/stats", get(calls::script_stats))
        // Knowledge-base articles linked from deals.
        .route(
            "/api/v1/deals/{id}/articles",
            get(deal_articles::list_deal_articles).post(deal_articles::link_deal_article),
        )
        .route(
            "/api/v1/deals/{id}/articles/{article_id}",
            delete(deal_articles::unlink_deal_article),
        )
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            require_session,
        ));
    public
        .merge(private)
        .route("/api", any(not_found))
        .route("/api/{*rest}", any(not_found))
}

async fn not_found() -> AppError {
    AppError::not_found("API endpoint")
}

/// The OpenAPI document: every endpoint and body.
#[derive(OpenApi)]
#[openapi(
    info(title = "Baton API", description = "Baton's REST JSON API. Times are UTC (RFC 3339); money is an integer amount with an ISO 4217 currency. Errors are `{ \"error\": { \"code\", \"message\", \"fields\"? } }`."),
    paths(
        health::health,
        auth::login,
        auth::logout,
        auth::me,
        auth::update_me,
        members::list_members,
        members::create_member,
        events::stream_events,
        pipelines::list_pipelines,
        pipelines::create_pipeline,
        pipelines::rename_pipeline,
        pipelines::add_stage,
        pipelines::update_stage,
        pipelines::reorder_stages,
        pipelines::remove_stage,
        pipelines::get_board,
        pipelines::list_column_deals,
        deals::list_deals,
        deals::get_deal,
        deals::create_deal,
        deals::update_deal,
        deals::move_deal,
        deals::deal_history,
        deals::deal_activities,
        deals::add_activity,
        deals::deal_audit,
        accounts::list_accounts,
        accounts::create_account,
        accounts::list_segments,
        accounts::list_territories,
        team::team_matrix,
        team::update_role_cell,
        team::add_absence,
        team::remove_absence,
        team::routing_preview,
        handoffs::list_handoffs,
        handoffs::create_handoff,
        handoffs::get_handoff,
        handoffs::update_handoff,
        handoffs::accept_handoff,
        handoffs::reject_handoff,
        handoffs::list_reasons,
        handoffs::list_types,
        handoffs::update_type,
        handoffs::handoff_stats,
        scripts::list_scripts,
        scripts::create_script,
        scripts::get_script,
        scripts::save_draft,
        scripts::publish_script,
        scripts::get_script_version,
        kb::list_articles,
        kb::create_article,
        kb::get_article,
        kb::update_article,
        kb::search_articles,
        accounts::update_segment,
        success::list_success_accounts,
        success::update_checklist_item,
        success::get_checklist_template,
        success::update_checklist_template,
        handoffs::create_reason,
        handoffs::update_reason,
        calls::call_queue,
        calls::start_call,
        calls::get_call,
        calls::call_context,
        calls::answer_call,
        calls::finish_call,
        calls::script_stats,
        // Knowledge-base articles linked from deals.
        deal_articles::list_deal_articles,
        deal_articles::link_deal_article,
        deal_articles::unlink_deal_article,
    ),
    components(schemas(shared::ApiError, shared::ErrorBody, shared::ErrorCode, shared::FieldError)),
    modifiers(&SessionCookie),
    tags(
        (name = "auth", description = "Signing in and out; the signed-in member"),
        (name = "members", description = "The team"),
        (name = "pipelines", description = "Pipelines and stages"),
        (name = "deals", description = "Deals"),
        (name = "accounts", description = "Accounts (customers), segments and territories"),
        (name = "team", description = "The role matrix (roles, weights, capacities, coverage), absences, routing preview"),
        (name = "handoffs", description = "Hand-offs between roles: inbox, accept, reject, deadlines, numbers"),
        (name = "scripts", description = "Talk scripts: drafts, published versions and their diffs"),
        (name = "kb", description = "The knowledge base: objection handling, product and competitor facts"),
        (name = "success", description = "Customer success: the accounts handed over, onboarding checklists and their template, contact intervals"),
        (name = "calls", description = "Call mode: the call queue, calls on a published script, answers recorded as clicked, outcomes"),
        (name = "events", description = "Live changes (server-sent events)"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

struct SessionCookie;

impl utoipa::Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::session::COOKIE,
                "Set by POST /api/v1/auth/login; HttpOnly, SameSite=Lax.",
            ))),
        );
    }
}
