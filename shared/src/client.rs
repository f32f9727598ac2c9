//! The typed API client: one set of calls for the browser (gloo-net) and for tests and tools
//! (reqwest with a cookie store). Every method maps to one endpoint; errors come back as the
//! wire error whenever the server sent one.

use crate::api::*;
use crate::{ApiError, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

/// Why a call failed.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientError {
    /// The server answered with its error shape.
    Api {
        /// HTTP status.
        status: u16,
        /// The error document.
        error: ApiError,
    },
    /// The request never got an answer (offline, refused, aborted).
    Network(String),
    /// The answer could not be read.
    Decode {
        /// HTTP status.
        status: u16,
        /// What failed.
        message: String,
    },
}

impl ClientError {
    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. } | ClientError::Decode { status, .. } => Some(*status),
            ClientError::Network(_) => None,
        }
    }

    /// The wire error code, when the server sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api { error, .. } => Some(error.error.code),
            _ => None,
        }
    }

    /// The server's error document, when it sent one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            ClientError::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Api { error, .. } => write!(f, "{error}"),
            ClientError::Network(m) => write!(f, "network error: {m}"),
            ClientError::Decode { status, message } => {
                write!(f, "unreadable answer ({status}): {message}")
            }
        }
    }
}

impl std::error::Error for ClientError {}

/// Percent-encodes a query-string component (RFC 3986 unreserved characters pass through).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// HTTP methods the client uses.
#[derive(Clone, Copy, Debug)]
enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// The Baton API client. In the browser the base is `""` (same origin); elsewhere it is the
/// server's address, e.g. `http://127.0.0.1:3000`.
#[derive(Clone, Debug)]
pub struct Client {
    base: String,
    #[cfg(not(target_family = "wasm"))]
    http: reqwest::Client,
}

impl Client {
    /// A client for the server at `base`. Outside the browser it keeps cookies, so a login
    /// holds for the client's later calls.
    pub fn new(base: impl Into<String>) -> Self {
        let base = base.into().trim_end_matches('/').to_owned();
        #[cfg(not(target_family = "wasm"))]
        {
            let http = reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap_or_else(|_| reqwest::Client::new());
            Self { base, http }
        }
        #[cfg(target_family = "wasm")]
        {
            Self { base }
        }
    }

    /// The base address.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `GET /api/health`.
    pub async fn health(&self) -> Result<Health, ClientError> {
        self.call::<(), _>(Method::Get, "/api/health", None).await
    }

    /// `POST /api/v1/auth/login`: starts a session (a cookie) and returns the member.
    pub async fn login(&self, req: &LoginRequest) -> Result<Me, ClientError> {
        self.call(Method::Post, "/api/v1/auth/login", Some(req))
            .await
    }

    /// `POST /api/v1/auth/logout`: ends the session.
    pub async fn logout(&self) -> Result<(), ClientError> {
        self.call_empty(Method::Post, "/api/v1/auth/logout").await
    }

    /// `GET /api/v1/me`.
    pub async fn me(&self) -> Result<Me, ClientError> {
        self.call::<(), _>(Method::Get, crate::api::ME_PATH, None)
            .await
    }

    /// `PATCH /api/v1/me`: language and time zone.
    pub async fn update_me(&self, patch: &MePatch) -> Result<Me, ClientError> {
        self.call(Method::Patch, "/api/v1/me", Some(patch)).await
    }

    /// `GET /api/v1/members`.
    pub async fn members(&self) -> Result<Vec<MemberSummary>, ClientError> {
        self.call::<(), _>(Method::Get, crate::api::MEMBERS_PATH, None)
            .await
    }

    /// `POST /api/v1/members` (managers only).
    pub async fn create_member(&self, new: &NewMember) -> Result<MemberSummary, ClientError> {
        self.call(Method::Post, "/api/v1/members", Some(new)).await
    }

    /// `GET /api/v1/pipelines`.
    pub async fn pipelines(&self) -> Result<Vec<Pipeline>, ClientError> {
        self.call::<(), _>(Method::Get, crate::api::PIPELINES_PATH, None)
            .await
    }

    /// `GET /api/v1/deals?…`: one page.
    pub async fn deals(&self, q: &DealQuery) -> Result<DealPage, ClientError> {
        let path = format!("/api/v1/deals?{}", q.to_query_string());
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /api/v1/pipelines` (managers).
    pub async fn create_pipeline(&self, new: &NewPipeline) -> Result<Pipeline, ClientError> {
        self.call(Method::Post, "/api/v1/pipelines", Some(new))
            .await
    }

    /// `PATCH /api/v1/pipelines/{id}` (managers): rename.
    pub async fn rename_pipeline(
        &self,
        id: crate::PipelineId,
        patch: &PipelinePatch,
    ) -> Result<Pipeline, ClientError> {
        self.call(
            Method::Patch,
            &format!("/api/v1/pipelines/{id}"),
            Some(patch),
        )
        .await
    }

    /// `POST /api/v1/pipelines/{id}/stages` (managers).
    pub async fn add_stage(
        &self,
        id: crate::PipelineId,
        new: &NewStage,
    ) -> Result<Pipeline, ClientError> {
        self.call(
            Method::Post,
            &format!("/api/v1/pipelines/{id}/stages"),
            Some(new),
        )
        .await
    }

    /// `PATCH /api/v1/pipelines/{id}/stages/{stage_id}` (managers).
    pub async fn update_stage(
        &self,
        id: crate::PipelineId,
        stage: crate::StageId,
        patch: &StagePatch,
    ) -> Result<Pipeline, ClientError> {
        self.call(
            Method::Patch,
            &format!("/api/v1/pipelines/{id}/stages/{stage}"),
            Some(patch),
        )
        .await
    }

    /// `PUT /api/v1/pipelines/{id}/stages/order` (managers).
    pub async fn reorder_stages(
        &self,
        id: crate::PipelineId,
        order: &StageOrder,
    ) -> Result<Pipeline, ClientError> {
        self.call(
            Method::Put,
            &format!("/api/v1/pipelines/{id}/stages/order"),
            Some(order),
        )
        .await
    }

    /// `DELETE /api/v1/pipelines/{id}/stages/{stage_id}` (managers): only an empty stage.
    pub async fn remove_stage(
        &self,
        id: crate::PipelineId,
        stage: crate::StageId,
    ) -> Result<Pipeline, ClientError> {
        self.call::<(), _>(
            Method::Delete,
            &format!("/api/v1/pipelines/{id}/stages/{stage}"),
            None,
        )
        .await
    }

    /// `GET /api/v1/pipelines/{id}/board?…`.
    pub async fn board(
        &self,
        pipeline: crate::PipelineId,
        q: &BoardQuery,
    ) -> Result<Board, ClientError> {
        let path = crate::api::board_path(pipeline, q);
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `GET /api/v1/pipelines/{id}/stages/{stage_id}/deals?cursor=…`: a column's next cards.
    pub async fn column(
        &self,
        pipeline: crate::PipelineId,
        stage: crate::StageId,
        q: &BoardQuery,
    ) -> Result<ColumnPage, ClientError> {
        let path = format!(
            "/api/v1/pipelines/{pipeline}/stages/{stage}/deals?{}",
            q.to_query_string()
        );
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /api/v1/deals`.
    pub async fn create_deal(&self, new: &NewDeal) -> Result<DealRow, ClientError> {
        self.call(Method::Post, "/api/v1/deals", Some(new)).await
    }

    /// `PATCH /api/v1/deals/{id}`; a stale version is a 409 whose `current` is the deal now.
    pub async fn update_deal(
        &self,
        id: crate::DealId,
        patch: &DealPatch,
    ) -> Result<DealRow, ClientError> {
        self.call(Method::Patch, &format!("/api/v1/deals/{id}"), Some(patch))
            .await
    }

    /// `GET /api/v1/deals/{id}`.
    pub async fn deal(&self, id: crate::DealId) -> Result<DealRow, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/api/v1/deals/{id}"), None)
            .await
    }

    /// `POST /api/v1/deals/{id}/move`; a stale version is a 409 whose `current` is the deal now.
    pub async fn move_deal(&self, id: crate::DealId, m: &MoveDeal) -> Result<DealRow, ClientError> {
        self.call(Method::Post, &format!("/api/v1/deals/{id}/move"), Some(m))
            .await
    }

    /// As [`Client::move_deal`], safe to retry: the server applies a key's move once and answers
    /// a repeat as it answered the first.
    pub async fn move_deal_once(
        &self,
        id: crate::DealId,
        m: &MoveDeal,
        key: &str,
    ) -> Result<DealRow, ClientError> {
        let path = format!("/api/v1/deals/{id}/move");
        let (status, text) = self
            .raw(Method::Post, &path, Some(m), Some(("Idempotency-Key", key)))
            .await?;
        decode(status, &text)
    }

    /// `GET /api/v1/deals/{id}/history`: every stage move, oldest first.
    pub async fn deal_history(&self, id: crate::DealId) -> Result<Vec<StageMove>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/api/v1/deals/{id}/history"), None)
            .await
    }

    /// `GET /api/v1/deals/{id}/activities`: planned ones first (soonest first), then done ones
    /// (latest first).
    pub async fn deal_activities(&self, id: crate::DealId) -> Result<Vec<Activity>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/api/v1/deals/{id}/activities"), None)
            .await
    }

    /// `POST /api/v1/deals/{id}/activities`: plan an activity or record one done.
    pub async fn add_activity(
        &self,
        id: crate::DealId,
        new: &NewActivity,
    ) -> Result<Activity, ClientError> {
        self.call(
            Method::Post,
            &format!("/api/v1/deals/{id}/activities"),
            Some(new),
        )
        .await
    }

    /// `GET /api/v1/deals/{id}/audit`: the deal's audit trail, newest first.
    pub async fn deal_audit(&self, id: crate::DealId) -> Result<Vec<AuditEntry>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/api/v1/deals/{id}/audit"), None)
            .await
    }

    // --- Hand-offs ---

    /// `GET /api/v1/handoffs?…`: hand-offs, newest first.
    pub async fn handoffs(
        &self,
        q: &crate::api::HandoffQuery,
    ) -> Result<Vec<crate::api::Handoff>, ClientError> {
        let path = format!("/api/v1/handoffs?{}", q.to_query_string());
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /api/v1/handoffs`: hand a deal over by hand.
    pub async fn create_handoff(
        &self,
        body: &crate::api::NewHandoff,
    ) -> Result<crate::api::Handoff, ClientError> {
        self.call(Method::Post, "/api/v1/handoffs", Some(body))
            .await
    }

    /// `PATCH /api/v1/handoffs/{id}`: the giver completes the note.
    pub async fn update_handoff_note(
        &self,
        id: crate::HandoffId,
        body: &crate::api::HandoffNotePatch,
    ) -> Result<crate::api::Handoff, ClientError> {
        self.call(Method::Patch, &format!("/api/v1/handoffs/{id}"), Some(body))
            .await
    }

    /// `POST /api/v1/handoffs/{id}/accept`.
    pub async fn accept_handoff(
        &self,
        id: crate::HandoffId,
    ) -> Result<crate::api::Handoff, ClientError> {
        self.call::<(), _>(Method::Post, &format!("/api/v1/handoffs/{id}/accept"), None)
            .await
    }

    /// `POST /api/v1/handoffs/{id}/reject`: with a reason (required).
    pub async fn reject_handoff(
        &self,
        id: crate::HandoffId,
        body: &crate::api::RejectHandoff,
    ) -> Result<crate::api::Handoff, ClientError> {
        self.call(
            Method::Post,
            &format!("/api/v1/handoffs/{id}/reject"),
            Some(body),
        )
        .await
    }

    /// `GET /api/v1/handoffs/reasons`: the reasons a receiver may give.
    pub async fn reject_reasons(&self) -> Result<Vec<crate::api::RejectReason>, ClientError> {
        self.call::<(), _>(Method::Get, "/api/v1/handoffs/reasons", None)
            .await
    }

    /// `GET /api/v1/handoffs/types`: each kind's deadline and required note fields.
    pub async fn handoff_types(&self) -> Result<Vec<crate::api::HandoffType>, ClientError> {
        self.call::<(), _>(Method::Get, "/api/v1/handoffs/types", None)
            .await
    }

    /// `PUT /api/v1/handoffs/types/{kind}` (managers).
    pub async fn update_handoff_type(
        &self,
        kind: crate::api::HandoffKind,
        body: &crate::api::HandoffTypePatch,
    ) -> Result<crate::api::HandoffType, ClientError> {
        let path = format!("/api/v1/handoffs/types/{}", kind.as_str());
        self.call(Method::Put, &path, Some(body)).await
    }

    /// `GET /api/v1/handoffs/stats?from=…&to=…` (managers).
    pub async fn handoff_stats(
        &self,
        period: &crate::api::StatsPeriod,
    ) -> Result<crate::api::HandoffStats, ClientError> {
        let path = format!("/api/v1/handoffs/stats?{}", period.to_query_string());
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `GET /api/v1/handoffs/reasons?include_retired=true`: every reason, the retired too.
    pub async fn all_reject_reasons(&self) -> Result<Vec<crate::api::RejectReason>, ClientError> {
        self.call::<(), _>(
            Method::Get,
            "/api/v1/handoffs/reasons?include_retired=true",
            None,
        )
        .await
    }

    /// `POST /api/v1/handoffs/reasons` (managers): a new reject reason.
    pub async fn create_reject_reason(
        &self,
        body: &crate::api::NewRejectReason,
    ) -> Result<crate::api::RejectReason, ClientError> {
        self.call(Method::Post, "/api/v1/handoffs/reasons", Some(body))
            .await
    }

    /// `PATCH /api/v1/handoffs/reasons/{code}` (managers): labels, retired or not, place.
    pub async fn update_reject_reason(
        &self,
        code: &str,
        body: &crate::api::RejectReasonPatch,
    ) -> Result<crate::api::RejectReason, ClientError> {
        let path = format!("/api/v1/handoffs/reasons/{}", encode_component(code));
        self.call(Method::Patch, &path, Some(body)).await
    }

    /// `GET /api/v1/accounts?…`: accounts matching a search, by name.
    pub async fn accounts(&self, q: &AccountQuery) -> Result<Vec<Account>, ClientError> {
        let path = format!("/api/v1/accounts?{}", q.to_query_string());
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /api/v1/accounts`.
    pub async fn create_account(&self, new: &NewAccount) -> Result<Account, ClientError> {
        self.call(Method::Post, "/api/v1/accounts", Some(new)).await
    }

    /// `GET /api/v1/segments`.
    pub async fn segments(&self) -> Result<Vec<Segment>, ClientError> {
        self.call::<(), _>(Method::Get, crate::api::SEGMENTS_PATH, None)
            .await
    }

    /// `GET /api/v1/territories`.
    pub async fn territories(&self) -> Result<Vec<Territory>, ClientError> {
        self.call::<(), _>(Method::Get, crate::api::TERRITORIES_PATH, None)
            .await
    }

    // --- Customer success: inbox, checklist, template, contact intervals ---

    /// `GET /api/v1/success/accounts?…`: the accounts a success member owns.
    pub async fn success_accounts(
        &self,
        q: &crate::api::SuccessQuery,
    ) -> Result<Vec<crate::api::SuccessAccount>, ClientError> {
        let path = format!("/api/v1/success/accounts?{}", q.to_query_string());
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `PATCH /api/v1/success/accounts/{account_id}/checklist/{item_id}`: tick or untick.
    pub async fn update_checklist_item(
        &self,
        account: crate::AccountId,
        item: crate::ChecklistItemId,
        body: &crate::api::ChecklistItemPatch,
    ) -> Result<crate::api::ChecklistItem, ClientError> {
        let path = crate::api::checklist_item_path(account, item);
        self.call(Method::Patch, &path, Some(body)).await
    }

    /// `GET /api/v1/success/checklist-template`.
    pub async fn checklist_template(&self) -> Result<crate::api::ChecklistTemplate, ClientError> {
        self.call::<(), _>(Method::Get, "/api/v1/success/checklist-template", None)
            .await
    }

    /// `PUT /api/v1/success/checklist-template` (managers).
    pub async fn update_checklist_template(
        &self,
        body: &crate::api::ChecklistTemplate,
    ) -> Result<crate::api::ChecklistTemplate, ClientError> {
        self.call(
            Method::Put,
            "/api/v1/success/checklist-template",
            Some(body),
        )
        .await
    }

    /// `PATCH /api/v1/segments/{id}` (managers): the segment's contact interval.
    pub async fn update_segment(
        &self,
        id: crate::SegmentId,
        body: &crate::api::SegmentPatch,
    ) -> Result<Segment, ClientError> {
        self.call(Method::Patch, &format!("/api/v1/segments/{id}"), Some(body))
            .await
    }

    // --- Team: role matrix, absences, routing preview (managers) ---

    /// `GET /api/v1/team/matrix` (managers).
    pub async fn team_matrix(&self) -> Result<crate::api::TeamMatrix, ClientError> {
        self.call::<(), _>(Method::Get, "/api/v1/team/matrix", None)
            .await
    }

    /// `PUT /api/v1/team/members/{id}/roles/{role}` (managers): one cell of the matrix.
    pub async fn update_role_cell(
        &self,
        member: crate::MemberId,
        role: crate::Role,
        body: &crate::api::RoleCellUpdate,
    ) -> Result<crate::api::RoleCell, ClientError> {
        let path = format!("/api/v1/team/members/{member}/roles/{}", role.as_str());
        self.call(Method::Put, &path, Some(body)).await
    }

    /// `POST /api/v1/team/members/{id}/absences` (managers).
    pub async fn add_absence(
        &self,
        member: crate::MemberId,
        body: &crate::api::NewAbsence,
    ) -> Result<crate::api::Absence, ClientError> {
        let path = format!("/api/v1/team/members/{member}/absences");
        self.call(Method::Post, &path, Some(body)).await
    }

    /// `DELETE /api/v1/team/members/{id}/absences?absence_id=…` (managers).
    pub async fn remove_absence(
        &self,
        member: crate::MemberId,
        absence_id: i64,
    ) -> Result<(), ClientError> {
        let path = format!("/api/v1/team/members/{member}/absences?absence_id={absence_id}");
        self.call_empty(Method::Delete, &path).await
    }

    /// `GET /api/v1/team/routing/preview?…` (managers): who would get the next item.
    pub async fn routing_preview(
        &self,
        q: &crate::api::RoutingPreviewQuery,
    ) -> Result<crate::api::RoutingPreview, ClientError> {
        let path = format!("/api/v1/team/routing/preview?{}", q.to_query_string());
        self.call::<(), _>(Method::Get, &path, None).await
    }

    // --- end of team ---

    // --- Talk scripts and the knowledge base ---

    /// `GET /api/v1/scripts?…`: scripts by name (appointers and closers: the published ones).
    pub async fn scripts(
        &self,
        q: &crate::api::ScriptQuery,
    ) -> Result<Vec<crate::api::ScriptSummary>, ClientError> {
        let path = format!("/api/v1/scripts?{}", q.to_query_string());
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /api/v1/scripts` (managers and admins).
    pub async fn create_script(
        &self,
        body: &crate::api::NewScript,
    ) -> Result<crate::api::Script, ClientError> {
        self.call(Method::Post, "/api/v1/scripts", Some(body)).await
    }

    /// `GET /api/v1/scripts/{id}`.
    pub async fn script(&self, id: crate::ScriptId) -> Result<crate::api::Script, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/api/v1/scripts/{id}"), None)
            .await
    }

    /// `PUT /api/v1/scripts/{id}/draft` (managers and admins): 409 with the current script
    /// when the draft changed since `version`.
    pub async fn save_draft(
        &self,
        id: crate::ScriptId,
        body: &crate::api::SaveDraft,
    ) -> Result<crate::api::Script, ClientError> {
        self.call(
            Method::Put,
            &format!("/api/v1/scripts/{id}/draft"),
            Some(body),
        )
        .await
    }

    /// `POST /api/v1/scripts/{id}/publish` (managers and admins): 422 listing the problems.
    pub async fn publish_script(
        &self,
        id: crate::ScriptId,
        body: &crate::api::PublishScript,
    ) -> Result<crate::api::Script, ClientError> {
        self.call(
            Method::Post,
            &format!("/api/v1/scripts/{id}/publish"),
            Some(body),
        )
        .await
    }

    /// `GET /api/v1/scripts/{id}/versions/{n}`: a published version and its diff to `n - 1`.
    pub async fn script_version(
        &self,
        id: crate::ScriptId,
        number: i32,
    ) -> Result<crate::api::ScriptVersion, ClientError> {
        let path = format!("/api/v1/scripts/{id}/versions/{number}");
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `GET /api/v1/kb/articles?…`.
    pub async fn articles(
        &self,
        q: &crate::api::ArticleQuery,
    ) -> Result<Vec<crate::api::Article>, ClientError> {
        let path = format!("/api/v1/kb/articles?{}", q.to_query_string());
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /api/v1/kb/articles` (managers and admins).
    pub async fn create_article(
        &self,
        body: &crate::api::NewArticle,
    ) -> Result<crate::api::Article, ClientError> {
        self.call(Method::Post, "/api/v1/kb/articles", Some(body))
            .await
    }

    /// `GET /api/v1/kb/articles/{id}`.
    pub async fn article(&self, id: crate::ArticleId) -> Result<crate::api::Article, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/api/v1/kb/articles/{id}"), None)
            .await
    }

    /// `PATCH /api/v1/kb/articles/{id}` (managers and admins): 409 with the current article
    /// when it changed since `version`.
    pub async fn update_article(
        &self,
        id: crate::ArticleId,
        body: &crate::api::ArticlePatch,
    ) -> Result<crate::api::Article, ClientError> {
        self.call(
            Method::Patch,
            &format!("/api/v1/kb/articles/{id}"),
            Some(body),
        )
        .await
    }

    /// `GET /api/v1/kb/search?q=…`.
    pub async fn search_articles(
        &self,
        q: &crate::api::KbSearch,
    ) -> Result<Vec<crate::api::Article>, ClientError> {
        let path = format!("/api/v1/kb/search?{}", q.to_query_string());
        self.call::<(), _>(Method::Get, &path, None).await
    }

    // --- end of talk scripts ---

    // --- Call mode ---

    /// `GET /api/v1/calls/queue`: the member's deals due for a call, soonest first.
    pub async fn call_queue(&self) -> Result<Vec<crate::api::QueueEntry>, ClientError> {
        self.call::<(), _>(Method::Get, "/api/v1/calls/queue", None)
            .await
    }

    /// `POST /api/v1/calls`: starts a call on the script's published version.
    pub async fn start_call(
        &self,
        body: &crate::api::StartCall,
    ) -> Result<crate::api::Call, ClientError> {
        self.call(Method::Post, "/api/v1/calls", Some(body)).await
    }

    /// `GET /api/v1/calls/{id}`: a call as recorded.
    pub async fn get_call(&self, id: crate::CallId) -> Result<crate::api::Call, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/api/v1/calls/{id}"), None)
            .await
    }

    /// `GET /api/v1/calls/{id}/context`: the deal, the person called, the variables' values
    /// and the closers, for the call screen.
    pub async fn call_context(
        &self,
        id: crate::CallId,
    ) -> Result<crate::api::CallContext, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/api/v1/calls/{id}/context"), None)
            .await
    }

    /// `POST /api/v1/calls/{id}/answers`: an answer (or back), recorded at once.
    pub async fn answer_call(
        &self,
        id: crate::CallId,
        body: &crate::api::CallAnswer,
    ) -> Result<crate::api::Call, ClientError> {
        self.call(
            Method::Post,
            &format!("/api/v1/calls/{id}/answers"),
            Some(body),
        )
        .await
    }

    /// As [`Client::answer_call`], safe to retry: a key's answer is recorded once.
    pub async fn answer_call_once(
        &self,
        id: crate::CallId,
        body: &crate::api::CallAnswer,
        key: &str,
    ) -> Result<crate::api::Call, ClientError> {
        let path = format!("/api/v1/calls/{id}/answers");
        let (status, text) = self
            .raw(
                Method::Post,
                &path,
                Some(body),
                Some(("Idempotency-Key", key)),
            )
            .await?;
        decode(status, &text)
    }

    /// `POST /api/v1/calls/{id}/finish`: the outcome, its activity, and what it sets in motion.
    pub async fn finish_call(
        &self,
        id: crate::CallId,
        body: &crate::api::FinishCall,
    ) -> Result<crate::api::Call, ClientError> {
        self.call(
            Method::Post,
            &format!("/api/v1/calls/{id}/finish"),
            Some(body),
        )
        .await
    }

    /// `GET /api/v1/scripts/{id}/stats?…` (managers and admins).
    pub async fn script_stats(
        &self,
        id: crate::ScriptId,
        q: &crate::api::StatsQuery,
    ) -> Result<crate::api::ScriptStats, ClientError> {
        let path = format!("/api/v1/scripts/{id}/stats?{}", q.to_query_string());
        self.call::<(), _>(Method::Get, &path, None).await
    }

    // --- end of call mode ---

    /// `GET /api/v1/deals/{id}/articles`: the knowledge-base articles linked from a deal.
    pub async fn deal_articles(
        &self,
        id: crate::DealId,
    ) -> Result<Vec<crate::api::DealArticle>, ClientError> {
        self.call::<(), _>(Method::Get, &format!("/api/v1/deals/{id}/articles"), None)
            .await
    }

    /// `POST /api/v1/deals/{id}/articles`: links an article (409 when it already is).
    pub async fn link_deal_article(
        &self,
        id: crate::DealId,
        body: &crate::api::LinkArticle,
    ) -> Result<crate::api::DealArticle, ClientError> {
        self.call(
            Method::Post,
            &format!("/api/v1/deals/{id}/articles"),
            Some(body),
        )
        .await
    }

    /// `DELETE /api/v1/deals/{id}/articles/{article_id}`: unlinks an article.
    pub async fn unlink_deal_article(
        &self,
        id: crate::DealId,
        article: crate::ArticleId,
    ) -> Result<(), ClientError> {
        self.call_empty(
            Method::Delete,
            &format!("/api/v1/deals/{id}/articles/{article}"),
        )
        .await
    }

    /// Every page of `GET /api/v1/deals?…`, followed to the end; totals from the first page.
    pub async fn all_deals(&self, q: &DealQuery) -> Result<DealPage, ClientError> {
        let mut q = q.clone();
        q.limit = Some(MAX_DEAL_PAGE);
        let mut first = self.deals(&q).await?;
        while let Some(cursor) = first.next_cursor.take() {
            q.cursor = Some(cursor);
            let mut next = self.deals(&q).await?;
            first.deals.append(&mut next.deals);
            first.next_cursor = next.next_cursor;
        }
        Ok(first)
    }

    async fn call_empty(&self, method: Method, path: &str) -> Result<(), ClientError> {
        let (status, body) = self.raw::<()>(method, path, None, None).await?;
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(error_from(status, &body))
        }
    }

    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ClientError> {
        let (status, text) = self.raw(method, path, body, None).await?;
        decode(status, &text)
    }

    #[cfg(not(target_family = "wasm"))]
    async fn raw<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        header: Option<(&str, &str)>,
    ) -> Result<(u16, String), ClientError> {
        let url = format!("{}{}", self.base, path);
        let mut req = match method {
            Method::Get => self.http.get(url),
            Method::Post => self.http.post(url),
            Method::Put => self.http.put(url),
            Method::Patch => self.http.patch(url),
            Method::Delete => self.http.delete(url),
        };
        if let Some((name, value)) = header {
            req = req.header(name, value);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| ClientError::Network(e.to_string()))?;
        let status = resp.status().as_u16();
        let text = resp.text().await.map_err(|e| ClientError::Decode {
            status,
            message: e.to_string(),
        })?;
        Ok((status, text))
    }

    #[cfg(target_family = "wasm")]
    async fn raw<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        header: Option<(&str, &str)>,
    ) -> Result<(u16, String), ClientError> {
        use gloo_net::http::Request;
        let url = format!("{}{}", self.base, path);
        let mut builder = match method {
            Method::Get => Request::get(&url),
            Method::Post => Request::post(&url),
            Method::Put => Request::put(&url),
            Method::Patch => Request::patch(&url),
            Method::Delete => Request::delete(&url),
        };
        if let Some((name, value)) = header {
            builder = builder.header(name, value);
        }
        let req = match body {
            Some(b) => builder
                .json(b)
                .map_err(|e| ClientError::Network(e.to_string()))?,
            None => builder
                .build()
                .map_err(|e| ClientError::Network(e.to_string()))?,
        };
        let resp = req
            .send()
            .await
            .map_err(|e| ClientError::Network(e.to_string()))?;
        let status = resp.status();
        let text = resp.text().await.map_err(|e| ClientError::Decode {
            status,
            message: e.to_string(),
        })?;
        Ok((status, text))
    }
}

fn decode<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ClientError> {
    if (200..300).contains(&status) {
        serde_json::from_str(text).map_err(|e| ClientError::Decode {
            status,
            message: e.to_string(),
        })
    } else {
        Err(error_from(status, text))
    }
}

fn error_from(status: u16, body: &str) -> ClientError {
    match serde_json::from_str::<ApiError>(body) {
        Ok(error) => ClientError::Api { status, error },
        Err(e) => ClientError::Decode {
            status,
            message: format!("not an API error: {e}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_multibyte() {
        assert_eq!(encode_component("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(encode_component("営業"), "%E5%96%B6%E6%A5%AD");
        assert_eq!(encode_component("Az0-_.~"), "Az0-_.~");
    }

    #[test]
    fn error_bodies_are_read_as_api_errors() {
        let e = error_from(
            401,
            r#"{"error":{"code":"unauthorized","message":"Sign in first."}}"#,
        );
        assert_eq!(e.code(), Some(ErrorCode::Unauthorized));
        assert_eq!(e.status(), Some(401));
        let e = error_from(502, "<html>bad gateway</html>");
        assert_eq!(e.code(), None);
        assert_eq!(e.status(), Some(502));
    }
}
