//! The translation layer: every string the UI shows, in Japanese and English.
//!
//! This module owns the [`Msg`] catalogue (one variant per UI string), the exhaustive
//! [`text`] table (a missing translation is a compile error), the formatted helpers for
//! strings with numbers in them, and the locale itself: the [`I18n`] context signal, how the
//! first locale is picked (device choice, then the browser's languages, then Japanese), and
//! how a choice is remembered on this device (`localStorage["baton.locale"]`) and reflected
//! in `<html lang>` and the document title.

use leptos::prelude::*;
use shared::{Locale, Role};

/// The `localStorage` key holding the language chosen on this device.
const STORAGE_KEY: &str = "baton.locale";

/// The product's name; the same in every language.
pub const BRAND: &str = "Baton";

/// One string of the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    /// Label of the language switch group.
    Language,
    /// Sign-in heading and button.
    SignIn,
    /// One line under the brand on the sign-in card.
    Tagline,
    /// E-mail address field label.
    Email,
    /// Password field label.
    Password,
    /// Wrong e-mail address or password (401 on sign-in).
    BadCredentials,
    /// Too many sign-in attempts (429).
    RateLimited,
    /// The server could not be reached.
    Unreachable,
    /// The server failed (5xx or an unreadable answer).
    ServerError,
    /// The server refused the input without naming a field we show.
    CheckInput,
    /// The session ended; sign in again.
    SessionExpired,
    /// Field error: e-mail address missing.
    EmailRequired,
    /// Field error: e-mail address malformed.
    EmailInvalid,
    /// Field error: password missing.
    PasswordRequired,
    /// Field error: too long.
    TooLong,
    /// Field error: anything else.
    FieldInvalid,
    /// Label of the main navigation.
    MainNav,
    /// Deals: navigation link, page heading and title.
    Deals,
    /// Sign-out button.
    SignOut,
    /// Label of the list of the member's roles.
    Roles,
    /// Role name: sales manager.
    RoleManager,
    /// Role name: appointer.
    RoleAppointer,
    /// Role name: closer.
    RoleCloser,
    /// Role name: customer success.
    RoleSuccess,
    /// Role name: sales admin.
    RoleAdmin,
    /// Pipeline filter label.
    Pipeline,
    /// Owner filter label.
    Owner,
    /// Owner filter: no owner filter.
    Everyone,
    /// Something is loading.
    Loading,
    /// Retry a failed load.
    Retry,
    /// A load failed.
    LoadFailed,
    /// The team has no pipelines.
    NoPipelines,
    /// A stage without deals.
    NoDeals,
    /// Label of the probability-weighted total.
    Weighted,
    /// Label of the summary of the whole filter.
    Total,
    /// Column: deal title.
    ColDeal,
    /// Column: account.
    ColAccount,
    /// Column: amount.
    ColAmount,
    /// Column: appointer.
    ColAppointer,
    /// Column: closer.
    ColCloser,
    /// Column: customer-success owner.
    ColSuccess,
    /// Column: expected close date.
    ColExpectedClose,
    /// Column: whole days in the current stage.
    ColDaysInStage,
    /// No date set (read by screen readers instead of the dash).
    NotSet,
    /// Nobody assigned (read by screen readers instead of the dash).
    Unassigned,
    /// Badge on a deal that has stayed in its stage too long.
    Stalled,
    /// Not-found heading.
    NotFoundTitle,
    /// Not-found explanation.
    NotFoundBody,
    /// Not-found link back to the deals.
    BackToDeals,
    // --- Settings ---
    /// Settings: navigation link, page heading and title.
    Settings,
    /// A page or change only managers may use (403).
    ManagersOnly,
    /// A stage with deals cannot be removed (409).
    StageHasDeals,
    /// Probability out of range.
    ProbabilityRange,
    /// Stall limit out of range.
    StallRange,
    /// A stage needs a name.
    StageNameNeeded,
    /// Stage kind: open.
    KindOpen,
    /// Stage kind: won.
    KindWon,
    /// Stage kind: lost.
    KindLost,
    /// Pipeline name field.
    PipelineName,
    /// Rename button.
    Rename,
    /// Stage name.
    StageName,
    /// Win probability.
    Probability,
    /// The role that works a stage.
    OwningRole,
    /// Days after which a deal is stalled.
    StallLimit,
    /// Open, won or lost.
    StageKindLabel,
    /// Column of row actions.
    Actions,
    /// Add-stage button.
    AddStage,
    /// New stage's name field.
    NewStageName,
    /// A stage was added.
    StageAdded,
    /// A stage was removed.
    StageRemoved,
    /// Move a stage up.
    MoveUp,
    /// Move a stage down.
    MoveDown,
    /// Remove a stage.
    RemoveStage,
    /// A stage that cannot go: a pipeline keeps at least one (409).
    LastStage,
    /// Column: deals in a stage now.
    StageDealCount,
    /// Link to the board, to move a stage's deals.
    MoveDealsOnBoard,
    /// A stage or pipeline that is no longer there (404): the page is out of date.
    SettingsOutdated,
    /// Heading and button of the new-pipeline form.
    AddPipeline,
    /// New pipeline's kind field.
    PipelineKindLabel,
    /// Pipeline kind: sales.
    PipelineSales,
    /// Pipeline kind: customer success.
    PipelineSuccess,
    /// New pipeline's first stage name field.
    FirstStageName,
    /// A pipeline was added.
    PipelineAdded,
    /// A pipeline was renamed.
    PipelineRenamed,
    /// A pipeline needs a name.
    PipelineNameNeeded,
    /// Explains the stage table (order, stall limit, removal).
    StagesHelp,
    // --- Deal detail ---
    /// Deal page title.
    DealDetail,
    /// A deal that does not exist.
    DealNotFound,
    /// Link back to the board.
    BackToBoard,
    /// Heading of the deal's edit form.
    EditDeal,
    /// An edit refused because someone changed the deal first (409).
    EditConflict,
    /// An edit the member's roles do not allow (403).
    EditForbidden,
    /// Discard one's edits and take the current deal.
    TakeTheirs,
    /// Apply one's edits again on the current deal.
    ReapplyMine,
    /// The edit was saved.
    Saved,
    /// Save button.
    Save,
    /// Activities heading.
    Activities,
    /// Stage history heading.
    StageHistory,
    /// Audit trail heading.
    AuditTrail,
    /// Column: when.
    When,
    /// Column: who.
    Who,
    /// Column: changed field.
    Field,
    /// Column: value before.
    Before,
    /// Column: value after.
    After,
    /// Changes made by the system.
    System,
    /// An activity that was done.
    ActivityDone,
    /// An activity that is planned.
    ActivityPlanned,
    /// Activity kind: call.
    KindCall,
    /// Activity kind: meeting.
    KindMeeting,
    /// Activity kind: e-mail.
    KindEmail,
    /// Activity kind: visit.
    KindVisit,
    /// Activity kind: task.
    KindTask,
    /// Audit field: the deal was created.
    FieldCreated,
    /// Audit field: stage.
    FieldStage,
    /// Audit field: place in the stage.
    FieldRank,
    /// Why the owner fields are read-only.
    OwnersManagersOnly,
    /// Activity kind field.
    ActivityKind,
    /// Activity subject field.
    Subject,
    /// Activity planned time field.
    PlannedAt,
    /// The activity is already done.
    AlreadyDone,
    /// Button adding an activity.
    AddActivity,
    /// Heading of the conflict panel.
    ConflictHeading,
    /// Conflict panel column: the value saved by someone else.
    ConflictTheirs,
    /// Conflict panel column: the member's unsaved value.
    ConflictYours,
    /// What the two conflict buttons do.
    ConflictHint,
    /// Why the edit form is read-only.
    EditNotAllowed,
    /// Saving with nothing changed.
    NothingChanged,
    /// No activities yet.
    NoActivities,
    /// No stage moves yet.
    NoStageMoves,
    /// No audit entries yet.
    NoAuditEntries,
    /// Activity notes field.
    Notes,
    /// Activity done time field.
    DoneAt,
    /// An empty done time means now.
    DoneAtHint,
    /// An activity was added.
    ActivityAdded,
    /// A stage since removed from its pipeline.
    RemovedStage,
    /// Heading of the deal's key facts.
    DealFacts,
    /// Header fact: stage and pipeline.
    StageInPipeline,
    /// Header fact: expected close date.
    ExpectedCloseShort,
    /// Planned and done activities listed.
    ActivityList,
    /// An amount that is not a number.
    AmountInvalid,
    /// A negative amount.
    AmountNegative,
    /// An owner who is not an active member with the role.
    OwnerInvalid,
    /// A planned activity needs its time.
    PlannedAtRequired,
    // --- Board ---
    /// A create the member's roles do not allow (403).
    CreateForbidden,
    /// Field error: required.
    FieldRequired,
    /// The funnel board: navigation link, page heading and title.
    Board,
    /// How to move a card by keyboard.
    BoardInstructions,
    /// What a card is, for screen readers.
    CardRole,
    /// Label of the board's filter group.
    Filters,
    /// Role filter label.
    Role,
    /// Role filter: no role filter.
    AnyRole,
    /// Segment filter label.
    Segment,
    /// Territory filter label.
    Territory,
    /// A filter with nothing chosen.
    Any,
    /// Smallest amount filter label.
    MinAmount,
    /// Largest amount filter label.
    MaxAmount,
    /// Text search label.
    Search,
    /// Stalled-only filter label.
    StalledOnly,
    /// Button clearing every filter.
    ClearFilters,
    /// Button adding a deal to a column.
    AddDeal,
    /// Heading of the new-deal dialog.
    NewDeal,
    /// New deal: title field.
    DealTitle,
    /// New deal: account field.
    Account,
    /// New deal: how the account field works.
    AccountHint,
    /// New deal: amount field.
    AmountYen,
    /// New deal: expected close date field.
    ExpectedClose,
    /// Create button.
    Create,
    /// Cancel button.
    Cancel,
    /// Closes a message.
    Dismiss,
    /// A move refused because someone changed the deal first (409).
    MoveConflict,
    /// A move the member's roles do not allow (403).
    MoveForbidden,
    /// A move that could not be saved.
    MoveFailed,
    /// A move refused because the neighbours moved (409 without a deal).
    MoveStale,
    /// Badge: a hand-off waits for its receiver.
    HandoffPending,
    /// Label of a card's next activity.
    NextActivity,
    /// More cards of a column are loading.
    LoadingMore,
    /// A card the member's roles may not move at all.
    MoveNotYours,
    /// A column the card being moved may not go to.
    DropNotAllowed,
    /// Button showing or hiding the board's filters on a narrow screen.
    ShowFilters,
    /// A card picked up while its last move is still being saved.
    MoveSaving,
    // --- Hand-offs ---
    /// Hand-offs: navigation link, page heading and title.
    Handoffs,
    /// Label of the hand-off page's views.
    HandoffViews,
    /// View: hand-offs to the member, waiting.
    HandoffsInbox,
    /// View: hand-offs the member sent.
    HandoffsSent,
    /// View (managers): every hand-off.
    HandoffsAll,
    /// View (managers): hand-offs past their deadline.
    HandoffsOverdue,
    /// No hand-offs in this view.
    NoHandoffs,
    /// Accept a hand-off.
    AcceptHandoff,
    /// Send a hand-off back.
    RejectHandoff,
    /// The reason field of sending back.
    RejectReasonLabel,
    /// The comment field of sending back.
    RejectNoteLabel,
    /// Placeholder and error: choose a reason.
    ChooseReason,
    /// Deadline state: in time.
    SlaOnTime,
    /// Deadline state: nearly due.
    SlaDueSoon,
    /// Deadline state: past due.
    SlaOverdue,
    /// Label: the deadline.
    DueAt,
    /// Label: when sent.
    SentAt,
    /// Hand-off kind: appointment to a closer.
    KindAppointment,
    /// Hand-off kind: won account to success.
    KindWonAccount,
    /// Hand-off kind: any other hand-over.
    KindHandover,
    /// Hand-off status: waiting.
    StatusPending,
    /// Hand-off status: accepted.
    StatusAccepted,
    /// Hand-off status: sent back.
    StatusRejected,
    /// A required note field not yet filled in.
    NoteMissing,
    /// Heading of the hand-off note.
    HandoffNote,
    /// Accepted: the deal is now the member's.
    HandoffAcceptedToast,
    /// Sent back.
    HandoffRejectedToast,
    /// 409: someone answered first.
    HandoffAnswered,
    /// 403: not the receiver.
    HandoffNotYours,
    /// Note field: the customer's need.
    NoteNeed,
    /// Note field: budget.
    NoteBudget,
    /// Note field: decision maker.
    NoteDecisionMaker,
    /// Note field: timing.
    NoteTiming,
    /// Note field: what was promised.
    NotePromised,
    /// Note field: contract terms.
    NoteContractTerms,
    /// Note field: promised deliverables.
    NoteDeliverables,
    /// Note field: key contacts.
    NoteKeyContacts,
    /// Note field: risks.
    NoteRisks,
    /// Label: the reason it was sent back.
    RejectedBecause,
    /// View (managers): the hand-off numbers.
    HandoffNumbers,
    /// Period start field.
    PeriodFrom,
    /// Period end field.
    PeriodTo,
    /// Button: show the period.
    ShowPeriod,
    /// Column: member.
    ColMember,
    /// Column: the hand-off's direction.
    ColEdge,
    /// Column: hand-offs sent.
    ColSent,
    /// Column: of those, accepted.
    ColAccepted,
    /// Column: of those, sent back.
    ColRejected,
    /// Column: reasons for sending back.
    ColReasons,
    /// Column: hand-offs received.
    ColReceived,
    /// Column: median time to accept.
    ColTimeToAccept,
    /// Column: answered late or overdue.
    ColBreaches,
    /// No hand-offs in the period.
    NoNumbers,
    /// The period is not valid.
    PeriodInvalid,
    /// Caption of the numbers table.
    HandoffNumbersCaption,
    // --- Team ---
    /// Team: navigation link, page heading and title.
    Team,
    /// The team page is for managers (403).
    TeamManagersOnly,
    /// What the team page shows.
    TeamLead,
    /// Caption of the matrix.
    TeamMatrixCaption,
    /// Badge: the member is away today.
    AbsentToday,
    /// Label: territories covered.
    CoverTerritories,
    /// Label: segments covered.
    CoverSegments,
    /// A coverage list left empty: everything.
    CoverAll,
    /// Label: the routing weight.
    Weight,
    /// Label: most open items at once.
    CapacityOpen,
    /// Label: most new items a day.
    CapacityDaily,
    /// Hint: an empty limit means none.
    CapacityHint,
    /// Hint: nothing chosen covers everything.
    CoverageHint,
    /// Hint: the weight's range and meaning.
    WeightHint,
    /// The team's last manager role cannot be removed (409).
    LastManagerRole,
    /// A member or absence that is no longer there (404).
    TeamOutdated,
    /// Field error: not a whole number.
    WholeNumberNeeded,
    /// Field error: weight out of range.
    WeightRange,
    /// Field error: a limit out of range.
    CapacityRange,
    /// Field error: a territory or segment that no longer exists.
    UnknownPlace,
    /// Heading of the absences panel.
    Absences,
    /// Absence: first day.
    AbsenceFrom,
    /// Absence: last day.
    AbsenceTo,
    /// Absence: note.
    AbsenceNote,
    /// Add an absence.
    AddAbsence,
    /// No absences planned.
    NoAbsences,
    /// An absence was added.
    AbsenceAdded,
    /// An absence was removed.
    AbsenceRemoved,
    /// Field error: the last day is before the first.
    AbsenceEndsBefore,
    /// Field error: longer than 366 days.
    AbsenceTooLong,
    /// Field error: a date is needed.
    DateNeeded,
    /// Caption of the absences table.
    AbsencesCaption,
    /// Column: the days away.
    AbsencePeriod,
    /// Heading of the gap warnings.
    CoverageGaps,
    /// No gaps.
    NoGaps,
    /// Heading of the routing preview.
    RoutingPreview,
    /// What the preview does.
    RoutingPreviewHelp,
    /// Nobody eligible.
    PreviewNobody,
    /// Nobody holds the role.
    PreviewNoHolders,
    /// Verdict: chosen.
    VerdictChosen,
    /// Verdict: eligible, another member is next.
    VerdictWaiting,
    /// Verdict: does not cover the place.
    VerdictNotCovering,
    /// Verdict: away today.
    VerdictAbsent,
    /// Label of the candidates list.
    PreviewCandidates,
    /// The matrix could not be shown as it is now.
    TeamRefreshFailed,
    /// Edit button of a cell.
    EditCell,
    /// Remove an absence.
    RemoveAbsence,
    /// The routing preview's territory field.
    PreviewTerritory,
    /// The routing preview's segment field.
    PreviewSegment,
    // --- Customer success (success inbox, checklist template, contact intervals) ---
    /// Nav and page title: customer success.
    Success,
    /// The page is not for this member.
    SuccessOnly,
    /// Heading: the accounts handed to the member.
    HandedToMe,
    /// Heading (managers viewing another inbox or everyone's).
    HandedOver,
    /// No accounts handed over.
    NoSuccessAccounts,
    /// Heading of the won hand-off's note.
    WhatWasPromised,
    /// Label: who handed the account over.
    HandedOverBy,
    /// A deal without a won hand-off.
    NoPromise,
    /// Heading: the account's onboarding checklist.
    OnboardingChecklist,
    /// No checklist yet.
    NoChecklist,
    /// Label of the checklist progress.
    ChecklistProgress,
    /// A tick could not be saved.
    ChecklistNotSaved,
    /// 403 on a tick.
    ChecklistNotYours,
    /// Label: the last contact.
    LastContacted,
    /// Label: the segment's contact interval.
    ContactEvery,
    /// Heading: accounts past their contact interval.
    StaleHeading,
    /// No account is overdue.
    NoStale,
    /// An account without a segment.
    NoSegment,
    /// Picker (managers): whose accounts.
    WhoseAccounts,
    /// Picker option: the manager themselves.
    Myself,
    /// Heading: the checklist template (managers).
    TemplateHeading,
    /// What the template does.
    TemplateHelp,
    /// Button: add a template item.
    AddItem,
    /// Button: remove a template item.
    RemoveItem,
    /// Button: save the template.
    SaveTemplate,
    /// The template was saved.
    TemplateSaved,
    /// A template item is blank.
    ItemEmpty,
    /// A template item is too long.
    ItemTooLong,
    /// A template item repeats another.
    ItemRepeated,
    /// Too few or too many items.
    ItemsCount,
    /// Heading: each segment's contact interval (managers).
    IntervalsHeading,
    /// Field: the contact interval.
    IntervalLabel,
    /// What an empty interval means.
    IntervalHelp,
    /// The interval is out of range.
    IntervalRange,
    /// An interval was saved.
    IntervalSaved,
    /// Column: segment.
    ColSegment,
    /// The managers' settings on the success page (a disclosure).
    SuccessSettings,
    // --- Hand-off extras: the deal's chain, by hand, the giver's note, settings, won credit ---
    /// Heading: the deal's hand-offs, oldest first.
    ChainOfHands,
    /// The deal has not been handed over yet.
    NoChainYet,
    /// When a hand-off was accepted.
    AcceptedAt,
    /// When a hand-off was sent back.
    SentBackAt,
    /// 422: the receiver does not hold the role (or already has the deal in it).
    ReceiverInvalid,
    /// Button and form: hand the deal over.
    HandOverByHand,
    /// Field: the role that receives the deal.
    ReceivingRole,
    /// Field: the member who receives the deal.
    ReceivingMember,
    /// Empty choice of a member.
    ChooseMember,
    /// Button: send the hand-off.
    SendHandoff,
    /// Marks a required field.
    Required,
    /// 409: a hand-off of the deal is waiting already.
    HandoffAlreadyPending,
    /// 403: not the deal's owner nor a manager.
    HandOverForbidden,
    /// Note field: a free note.
    NoteMemo,
    /// The giver's note was saved.
    NoteSaved,
    /// A required note field still empty.
    NoteStillMissing,
    /// Button: the giver completes the note.
    CompleteNote,
    /// Button: save the note.
    SaveNote,
    /// Navigation between settings pages.
    SettingsPages,
    /// Settings tab: pipelines.
    PipelineSettings,
    /// Settings tab and title: hand-offs.
    HandoffSettings,
    /// Heading: the hand-off types.
    HandoffTypes,
    /// What a type sets.
    HandoffTypesHelp,
    /// Legend: the deadline.
    DeadlineBusinessTime,
    /// Field: hours.
    Hours,
    /// Field: minutes.
    Minutes,
    /// Legend: the required note fields.
    RequiredNoteFields,
    /// 422: the deadline.
    DeadlineInvalid,
    /// Heading: the reject reasons.
    RejectReasons,
    /// What retiring does.
    RejectReasonsHelp,
    /// 409: the code is taken.
    ReasonCodeTaken,
    /// 422: the code.
    ReasonCodeInvalid,
    /// 422: the last offered reason.
    LastReasonStays,
    /// Status: a reason was saved.
    ReasonSaved,
    /// Status: a reason was retired.
    ReasonRetired,
    /// Status: a reason is offered again.
    ReasonOffered,
    /// Status: a reason was moved.
    ReasonMoved,
    /// Status: a reason was added.
    ReasonAdded,
    /// Badge: a retired reason.
    ReasonRetiredBadge,
    /// Field: the Japanese label.
    LabelJa,
    /// Field: the English label.
    LabelEn,
    /// Field: a reason's code.
    ReasonCode,
    /// How the code is made.
    ReasonCodeHelp,
    /// Button and heading: add a reason.
    AddReason,
    /// Button: retire a reason.
    RetireReason,
    /// Button: offer a retired reason again.
    OfferReason,
    /// Heading: credit for won deals per role.
    WonCredit,
    /// Who is credited.
    WonCreditHelp,
    /// No deals won in the period.
    NoWonDeals,
    /// Column: role.
    ColRole,
    /// Column: won deals.
    ColWonDeals,
    /// Column: their amounts.
    ColWonAmount,
    /// Talk scripts: navigation link, page heading and title.
    ScriptsTitle,
    /// Link back to the list of scripts.
    ScriptsBack,
    /// The numbers page's way back to its script.
    ScriptsBackToScript,
    /// Lead of the list for managers.
    ScriptsLeadEditor,
    /// Lead of the list for appointers and closers.
    ScriptsLeadReader,
    /// No scripts at all.
    ScriptsNoneYet,
    /// No published scripts.
    ScriptsNonePublished,
    /// Column and field: the script's name.
    ScriptsName,
    /// Column and field: what the script is for.
    ScriptsPurpose,
    /// Column: the published version.
    ScriptsPublished,
    /// Column: last change.
    ScriptsUpdated,
    /// A script never published.
    ScriptsNotPublished,
    /// A script whose pipeline is gone.
    ScriptsNoPipeline,
    /// Heading of the new-script form.
    ScriptsNew,
    /// Button: create the script.
    ScriptsCreate,
    /// Field error: no name.
    ScriptsNameRequired,
    /// Field error: no pipeline chosen.
    ScriptsPipelineRequired,
    /// Field error: the pipeline does not exist.
    ScriptsPipelineUnknown,
    /// First option of a select: nothing chosen.
    ScriptsChoose,
    /// Refused: only managers and admins edit scripts.
    ScriptsEditorsOnly,
    /// Refused: the member's roles do not read scripts.
    ScriptsReadersOnly,
    /// No such script (or, for callers, none published).
    ScriptsNotFound,
    /// A script without a published version.
    ScriptsNotPublishedYet,
    /// Button: publish the draft.
    ScriptsPublish,
    /// Save status: saved.
    ScriptsSaved,
    /// Save status: saving.
    ScriptsSaving,
    /// Save status: not yet saved.
    ScriptsUnsaved,
    /// Save status: a conflict.
    ScriptsConflictStatus,
    /// Publish asked while a save runs.
    ScriptsWaitForSave,
    /// Publish blocked by a conflict.
    ScriptsResolveConflict,
    /// Heading of the conflict panel.
    ScriptsConflictTitle,
    /// Summary: how the member's draft differs.
    ScriptsConflictDiff,
    /// Button: load the other draft, dropping the member's.
    ScriptsTakeTheirs,
    /// Button: keep the member's draft.
    ScriptsKeepMine,
    /// Announcement: the other draft was loaded.
    ScriptsTookTheirs,
    /// Heading of the restore offer.
    ScriptsRestoreTitle,
    /// Button: restore the kept draft.
    ScriptsRestore,
    /// Button: forget the kept draft.
    ScriptsDiscardKept,
    /// Button: undo the deletion.
    ScriptsUndo,
    /// Announcement: deletion undone.
    ScriptsUndone,
    /// Heading of the steps.
    ScriptsSteps,
    /// Field: the first step.
    ScriptsStart,
    /// No steps yet.
    ScriptsNoSteps,
    /// Button: add a step.
    ScriptsAddStep,
    /// Button: add a shared objection step.
    ScriptsAddSharedStep,
    /// Badge: the first step.
    ScriptsStartBadge,
    /// Badge: a shared objection step.
    ScriptsSharedBadge,
    /// Badge: no call reaches the step.
    ScriptsUnreachableBadge,
    /// Button: delete.
    ScriptsDelete,
    /// Field: a step's key.
    ScriptsKey,
    /// Hint under a step's key.
    ScriptsKeyHint,
    /// Field: what to say.
    ScriptsText,
    /// Group label: insert a variable.
    ScriptsVariables,
    /// Toggle: shared objection step.
    ScriptsSharedToggle,
    /// Field: the linked article.
    ScriptsArticle,
    /// Option: no article.
    ScriptsNoArticle,
    /// Heading of a step's answers.
    ScriptsAnswers,
    /// Button: add an answer.
    ScriptsAddAnswer,
    /// Field: what the customer says.
    ScriptsAnswerLabel,
    /// Field: where the answer leads.
    ScriptsLeadsTo,
    /// Field: the not-interested reason.
    ScriptsReason,
    /// Option group: steps.
    ScriptsToStep,
    /// Option group: outcomes.
    ScriptsToOutcome,
    /// Heading of the flow map.
    ScriptsFlow,
    /// How to read the map.
    ScriptsFlowHint,
    /// Lane: from the start.
    ScriptsLaneMain,
    /// Lane: shared objection steps.
    ScriptsLaneShared,
    /// Lane: unreachable steps.
    ScriptsLaneUnreachable,
    /// A node without answers.
    ScriptsNodeNoAnswers,
    /// The draft has no problems.
    ScriptsNoProblems,
    /// How to use the problems panel.
    ScriptsProblemsHint,
    /// Heading: published versions.
    ScriptsVersions,
    /// No versions yet.
    ScriptsNoVersions,
    /// Badge: the version calls run.
    ScriptsCurrentBadge,
    /// Title of a version's page.
    ScriptsVersionTitle,
    /// Heading of a first version's changes.
    ScriptsChanges,
    /// The first version has no diff.
    ScriptsFirstVersion,
    /// A version equal to the one before.
    ScriptsNoChanges,
    /// Badge: added.
    ScriptsDiffAdded,
    /// Badge: removed.
    ScriptsDiffRemoved,
    /// Badge: changed.
    ScriptsDiffChanged,
    /// Call mode: navigation link.
    CallNav,
    /// The call queue: heading and title.
    CallQueue,
    /// What the call queue lists.
    CallQueueLead,
    /// Nothing is due.
    CallQueueEmpty,
    /// No next call after this one.
    CallQueueDone,
    /// Column: the deal.
    CallColDeal,
    /// Column: the person to call.
    CallColContact,
    /// Column: since when it is due.
    CallColDue,
    /// Column: the script.
    CallColScript,
    /// Button: start a call.
    CallStart,
    /// The pipeline has no published script.
    CallNoScript,
    /// No contact on file.
    CallNoContact,
    /// Why due: a planned call.
    CallDuePlanned,
    /// Why due: never called.
    CallDueNeverCalled,
    /// Only appointers and managers make calls.
    CallRoleOnly,
    /// A call could not start (422).
    CallStartRefused,
    /// 403 on a call or its deal.
    CallNotYours,
    /// No such call.
    CallNotFound,
    /// The call page's title.
    CallMode,
    /// Link back to the queue.
    CallBackToQueue,
    /// Label of the person-to-call box.
    CallPerson,
    /// Before a step's key.
    CallStepPrefix,
    /// Before a shared step's name.
    CallObjectionPrefix,
    /// Heading of the shared steps.
    CallObjections,
    /// Label of the answers list.
    CallAnswers,
    /// A shared step is only being looked at.
    CallDetour,
    /// Button: back to the step the call is at.
    CallLeaveObjection,
    /// The last answer leads nowhere.
    CallLost,
    /// Button: back one answer.
    CallBack,
    /// Button and panel: the linked article.
    CallArticle,
    /// The step links no article.
    CallNoArticle,
    /// Back at the first step.
    CallAtStart,
    /// Button: close the article.
    CallClose,
    /// Button: dismiss a message.
    CallDismiss,
    /// Label of the outcome buttons.
    CallEnd,
    /// Before an outcome, in a button's name.
    CallEndPrefix,
    /// The notes field.
    CallNotes,
    /// How notes are kept.
    CallNotesHint,
    /// Heading: the path so far.
    CallPath,
    /// No answers yet.
    CallPathEmpty,
    /// Before where the call is now.
    CallNow,
    /// The server has the call elsewhere than the screen.
    CallDiverged,
    /// 409 on an answer.
    CallConflict,
    /// 422 (or other refusal) on an answer.
    CallRefused,
    /// 5xx on an answer.
    CallServerFailed,
    /// The call could not be loaded again.
    CallReloadFailed,
    /// 409 on finish.
    CallAlreadyFinished,
    /// Heading of the finish panel.
    CallFinishTitle,
    /// Finish button: appointment.
    CallFinishAppointment,
    /// Finish button: call back.
    CallFinishCallBack,
    /// Finish button: not interested.
    CallFinishNotInterested,
    /// Finish button: wrong contact.
    CallFinishWrongContact,
    /// Finish button: no answer.
    CallFinishNoAnswer,
    /// A one-click finish is on its way.
    CallFinishing,
    /// The finish waits for the answers.
    CallSavingAnswers,
    /// Button: close a finish panel opened by hand.
    CallContinue,
    /// Field: the meeting's date and time.
    CallMeetingAt,
    /// Field: when to call again.
    CallCallBackAt,
    /// Field: the closer.
    CallCloser,
    /// The closer select's empty choice.
    CallChooseCloser,
    /// The suggested closer is the deal's own.
    CallCloserFromDeal,
    /// The suggested closer comes from the team's routing.
    CallCloserFromRouting,
    /// Field: why not interested.
    CallReason,
    /// Field error: meeting time missing.
    CallMeetingRequired,
    /// Field error: call-back time missing.
    CallCallBackRequired,
    /// Field error: not a date and time.
    CallTimeInvalid,
    /// Field error: a time already past.
    CallTimePast,
    /// Field error: no closer chosen.
    CallCloserRequired,
    /// Field error: not an active closer.
    CallCloserInvalid,
    /// Field error: reason missing.
    CallReasonRequired,
    /// The deal cannot be handed to closers.
    CallCannotHandOff,
    /// The summary's heading.
    CallRecorded,
    /// After an appointment: the deal moved and the hand-off was sent.
    CallHandedOff,
    /// Link: the member's sent hand-offs.
    CallSentHandoffs,
    /// Link: the deal.
    CallOpenDeal,
    /// Knowledge base: navigation link, page heading and title.
    KbTitle,
    /// One line under the knowledge base's heading.
    KbLead,
    /// Link and heading: write a new article.
    KbNewArticle,
    /// Label of the knowledge-base search box.
    KbSearchLabel,
    /// How the search works.
    KbSearchHint,
    /// The search text was refused.
    KbSearchInvalid,
    /// A 403 on a knowledge-base read.
    KbNoAccess,
    /// Label: an article's category.
    KbCategory,
    /// Category filter: every category.
    KbAllCategories,
    /// Label of the list of articles.
    KbArticles,
    /// No articles at all (in the category).
    KbNoArticles,
    /// A search found nothing.
    KbNothingFound,
    /// Label: an article's tags.
    KbTags,
    /// Category: objection handling.
    KbCategoryObjection,
    /// Category: product facts.
    KbCategoryProduct,
    /// Category: competitor facts.
    KbCategoryCompetitor,
    /// Call outcome (and rate): appointment set.
    OutcomeAppointmentSet,
    /// Call outcome: call back later.
    OutcomeCallBack,
    /// Call outcome: not interested.
    OutcomeNotInterested,
    /// Call outcome: wrong contact.
    OutcomeWrongContact,
    /// Call outcome: nobody answered.
    OutcomeNoAnswer,
    /// Field error: no title.
    KbTitleRequired,
    /// Field error: title too long.
    KbTitleTooLong,
    /// Field error: no text.
    KbBodyRequired,
    /// Field error: text too long.
    KbBodyTooLong,
    /// Field error: too many tags.
    KbTagsTooMany,
    /// Field error: a tag too long.
    KbTagTooLong,
    /// Only managers and sales admins write articles.
    KbEditorsOnly,
    /// Field: an article's title.
    KbArticleTitle,
    /// Field: an article's text.
    KbBody,
    /// How the text is shown.
    KbBodyHint,
    /// How tags are typed.
    KbTagsHint,
    /// Heading of the new-article form.
    KbWriteArticle,
    /// Button: create the article.
    KbCreateArticle,
    /// Page title of an article.
    KbArticle,
    /// No such article.
    KbArticleNotFound,
    /// Link back to the knowledge base.
    KbBackToList,
    /// A conflict without the current article.
    KbConflictReload,
    /// Heading of the article conflict panel.
    KbConflictHeading,
    /// What the article conflict panel means.
    KbConflictBody,
    /// Conflict column: their saved version.
    KbConflictTheirs,
    /// Label of an article's facts.
    KbAbout,
    /// Who wrote an article.
    KbWrittenBy,
    /// When an article was written.
    KbWrittenAt,
    /// When an article was last edited.
    KbLastEdited,
    /// Button and heading: edit the article.
    KbEditArticle,
    /// Heading of a deal's knowledge-base section.
    KbDealSection,
    /// Label of a deal's linked articles.
    KbLinkedArticles,
    /// A deal links no article.
    KbNoLinks,
    /// Label of the search for an article to link.
    KbFindToLink,
    /// Label of the articles found to link.
    KbFoundArticles,
    /// The search found nothing (not yet linked).
    KbNothingToLink,
    /// Button: link an article to the deal.
    KbLink,
    /// Button: unlink an article from the deal.
    KbUnlink,
    /// Status: an article was linked.
    KbLinked,
    /// Status: an article was unlinked.
    KbUnlinked,
    /// Refused: not allowed to link.
    KbLinkForbidden,
    /// Refused: already linked.
    KbAlreadyLinked,
    /// Refused: the link or the deal is gone.
    KbLinkGone,
    /// Refused: no such article.
    KbLinkInvalid,
    /// Audited field: a linked knowledge-base article.
    KbAuditArticle,
    /// Page title: a script's numbers.
    KbNumbers,
    /// The numbers are for managers and sales admins.
    KbNumbersManagersOnly,
    /// No such script.
    KbScriptNotFound,
    /// A script never published.
    KbNotPublished,
    /// The version asked for does not exist.
    KbNoSuchVersion,
    /// Label: the version shown.
    KbVersion,
    /// Label: the version to compare with.
    KbCompareWith,
    /// Compare: nothing.
    KbNoCompare,
    /// What the rates mean.
    KbRatesExplained,
    /// Heading: the objection losing the most calls.
    KbWorstObjection,
    /// Heading: a version's figures.
    KbSummary,
    /// Figure: finished calls.
    KbCalls,
    /// Rate: meeting held.
    KbMeetingHeld,
    /// Rate: won.
    KbWon,
    /// Figure: calls per outcome.
    KbOutcomes,
    /// Badge: a shared objection step.
    KbSharedStep,
    /// Badge: the step losing the most calls.
    KbLosesMost,
    /// Badge: a small base.
    KbFew,
    /// Heading: the numbers per step.
    KbPerStep,
    /// Heading: the steps of two versions side by side.
    KbPerStepCompared,
    /// Column: the step.
    KbStep,
    /// Column: calls that reached the step.
    KbReached,
    /// Column: where calls went next (per answer).
    KbWentNext,
    /// Column: calls that ended at the step.
    KbEndedHere,
    /// Column: what is measured.
    KbMeasure,
    /// A cell of a step missing from a version.
    KbNotInVersion,
}

/// The text of `msg` in `locale`.
pub fn text(locale: Locale, msg: Msg) -> &'static str {
    match locale {
        Locale::Ja => ja(msg),
        Locale::En => en(msg),
    }
}

fn ja(msg: Msg) -> &'static str {
    match msg {
        Msg::Language => "言語",
        Msg::SignIn => "ログイン",
        Msg::Tagline => "分業営業チームの引き継ぎを、ひとつのパイプラインで。",
        Msg::Email => "メールアドレス",
        Msg::Password => "パスワード",
        Msg::BadCredentials => "メールアドレスまたはパスワードが正しくありません。",
        Msg::RateLimited => {
            "ログインの試行回数が多すぎます。しばらくしてからもう一度お試しください。"
        }
        Msg::Unreachable => {
            "サーバーに接続できません。ネットワーク接続を確認して、もう一度お試しください。"
        }
        Msg::ServerError => {
            "サーバーでエラーが発生しました。しばらくしてからもう一度お試しください。"
        }
        Msg::CheckInput => "入力内容を確認してください。",
        Msg::SessionExpired => "セッションの有効期限が切れました。もう一度ログインしてください。",
        Msg::EmailRequired => "メールアドレスを入力してください。",
        Msg::EmailInvalid => "メールアドレスの形式が正しくありません（例: name@example.com）。",
        Msg::PasswordRequired => "パスワードを入力してください。",
        Msg::TooLong => "入力が長すぎます。",
        Msg::FieldInvalid => "この項目の値が正しくありません。",
        Msg::MainNav => "メイン",
        Msg::Deals => "案件",
        Msg::SignOut => "ログアウト",
        Msg::Roles => "役割",
        Msg::RoleManager => "セールスマネージャー",
        Msg::RoleAppointer => "アポインター",
        Msg::RoleCloser => "クローザー",
        Msg::RoleSuccess => "カスタマーサクセス",
        Msg::RoleAdmin => "営業事務",
        Msg::Pipeline => "パイプライン",
        Msg::Owner => "担当者",
        Msg::Everyone => "全員",
        Msg::Loading => "読み込み中…",
        Msg::Retry => "再試行",
        Msg::LoadFailed => "データを読み込めませんでした。",
        Msg::NoPipelines => "パイプラインがまだありません。",
        Msg::NoDeals => "案件はありません",
        Msg::Weighted => "加重",
        Msg::Total => "合計",
        Msg::ColDeal => "案件名",
        Msg::ColAccount => "取引先",
        Msg::ColAmount => "金額",
        Msg::ColAppointer => "アポインター",
        Msg::ColCloser => "クローザー",
        Msg::ColSuccess => "CS",
        Msg::ColExpectedClose => "完了予定日",
        Msg::ColDaysInStage => "滞在日数",
        Msg::NotSet => "未定",
        Msg::Unassigned => "未割り当て",
        Msg::Stalled => "停滞",
        Msg::NotFoundTitle => "ページが見つかりません",
        Msg::NotFoundBody => "お探しのページは存在しないか、移動した可能性があります。",
        Msg::BackToDeals => "案件一覧に戻る",
        Msg::Board => "ボード",
        Msg::Settings => "設定",
        Msg::ManagersOnly => "この設定はマネージャーのみ変更できます。",
        Msg::StageHasDeals => {
            "このステージにはまだ案件があります。先に案件を別のステージへ移動してから削除してください。"
        }
        Msg::ProbabilityRange => "確率は 0〜100 の整数で入力してください。",
        Msg::StallRange => "停滞日数は 1〜3650 日で入力してください。",
        Msg::StageNameNeeded => "ステージ名を入力してください（100文字以内）。",
        Msg::KindOpen => "進行中",
        Msg::KindWon => "受注",
        Msg::KindLost => "失注",
        Msg::PipelineName => "パイプライン名",
        Msg::Rename => "名前を変更",
        Msg::StageName => "ステージ名",
        Msg::Probability => "確度（%）",
        Msg::OwningRole => "担当する役割",
        Msg::StallLimit => "停滞日数",
        Msg::StageKindLabel => "種別",
        Msg::Actions => "操作",
        Msg::AddStage => "ステージを追加",
        Msg::NewStageName => "新しいステージ名",
        Msg::StageAdded => "ステージを追加しました。",
        Msg::StageRemoved => "ステージを削除しました。",
        Msg::MoveUp => "上へ",
        Msg::MoveDown => "下へ",
        Msg::RemoveStage => "削除",
        Msg::LastStage => {
            "パイプラインには少なくとも 1 つのステージが必要です。最後のステージは削除できません。"
        }
        Msg::StageDealCount => "案件数",
        Msg::MoveDealsOnBoard => "ボードで案件を移動する",
        Msg::SettingsOutdated => {
            "このステージまたはパイプラインは既に変更・削除されています。ページを再読み込みしてください。"
        }
        Msg::AddPipeline => "パイプラインを追加",
        Msg::PipelineKindLabel => "パイプラインの種類",
        Msg::PipelineSales => "営業",
        Msg::PipelineSuccess => "カスタマーサクセス",
        Msg::FirstStageName => "最初のステージ名",
        Msg::PipelineAdded => "パイプラインを追加しました。",
        Msg::PipelineRenamed => "パイプライン名を変更しました。",
        Msg::PipelineNameNeeded => "パイプライン名を入力してください（100文字以内）。",
        Msg::StagesHelp => {
            "ステージは上から順に進みます。停滞日数を超えて同じステージにある案件は「停滞」と表示されます。案件が残っているステージは削除できません。"
        }
        Msg::DealDetail => "案件の詳細",
        Msg::DealNotFound => "案件が見つかりません",
        Msg::BackToBoard => "ボードに戻る",
        Msg::EditDeal => "案件を編集",
        Msg::EditConflict => {
            "保存する前に、他のメンバーがこの案件を変更しました。最新の内容を確認してください。"
        }
        Msg::EditForbidden => "あなたの役割では、この変更はできません。",
        Msg::TakeTheirs => "最新の内容を使う",
        Msg::ReapplyMine => "自分の変更を再適用",
        Msg::Saved => "保存しました。",
        Msg::Save => "保存",
        Msg::Activities => "活動",
        Msg::StageHistory => "ステージ履歴",
        Msg::AuditTrail => "変更履歴",
        Msg::When => "日時",
        Msg::Who => "担当",
        Msg::Field => "項目",
        Msg::Before => "変更前",
        Msg::After => "変更後",
        Msg::System => "システム",
        Msg::ActivityDone => "実施済み",
        Msg::ActivityPlanned => "予定",
        Msg::KindCall => "電話",
        Msg::KindMeeting => "商談",
        Msg::KindEmail => "メール",
        Msg::KindVisit => "訪問",
        Msg::KindTask => "タスク",
        Msg::FieldCreated => "作成",
        Msg::FieldStage => "ステージ",
        Msg::FieldRank => "並び順",
        Msg::OwnersManagersOnly => "担当者の変更はマネージャーのみ行えます。",
        Msg::ActivityKind => "種類",
        Msg::Subject => "件名",
        Msg::PlannedAt => "予定日時",
        Msg::AlreadyDone => "実施済みとして記録",
        Msg::AddActivity => "活動を追加",
        Msg::ConflictHeading => "他のメンバーがこの案件を変更しました",
        Msg::ConflictTheirs => "最新の内容",
        Msg::ConflictYours => "あなたの変更",
        Msg::ConflictHint => {
            "「自分の変更を再適用」は、あなたが変えた項目だけを最新の内容に重ねて保存します。「最新の内容を使う」は、あなたの変更を破棄します。"
        }
        Msg::EditNotAllowed => {
            "この案件を編集できるのは、案件の担当者・マネージャー・営業事務です。"
        }
        Msg::NothingChanged => "変更された項目はありません。",
        Msg::NoActivities => "活動はまだありません。",
        Msg::NoStageMoves => "ステージの移動はまだありません。",
        Msg::NoAuditEntries => "変更履歴はまだありません。",
        Msg::Notes => "メモ",
        Msg::DoneAt => "実施日時",
        Msg::DoneAtHint => "空欄の場合は現在の日時で記録します。",
        Msg::ActivityAdded => "活動を追加しました。",
        Msg::RemovedStage => "（削除されたステージ）",
        Msg::DealFacts => "案件の概要",
        Msg::StageInPipeline => "ステージ",
        Msg::ExpectedCloseShort => "受注予定日",
        Msg::ActivityList => "活動の一覧",
        Msg::AmountInvalid => "金額は数字で入力してください（例: 1500000）。",
        Msg::AmountNegative => "金額は 0 以上で入力してください。",
        Msg::OwnerInvalid => "この役割を持つ有効なメンバーを選んでください。",
        Msg::PlannedAtRequired => "予定日時を入力してください。",
        Msg::CreateForbidden => "あなたの役割では、このステージに案件を作成できません。",
        Msg::FieldRequired => "入力してください。",
        Msg::BoardInstructions => {
            "矢印キーでカードを選び、Enter で案件を開きます。Space で持ち上げ、矢印キーで移動し、Space で置きます。Esc で取り消します。"
        }
        Msg::CardRole => "移動できる案件",
        Msg::Filters => "絞り込み",
        Msg::Role => "役割",
        Msg::AnyRole => "すべての役割",
        Msg::Segment => "セグメント",
        Msg::Territory => "テリトリー",
        Msg::Any => "指定なし",
        Msg::MinAmount => "金額（以上）",
        Msg::MaxAmount => "金額（以下）",
        Msg::Search => "検索",
        Msg::StalledOnly => "停滞のみ",
        Msg::ClearFilters => "条件をクリア",
        Msg::AddDeal => "案件を追加",
        Msg::NewDeal => "新しい案件",
        Msg::DealTitle => "案件名",
        Msg::Account => "顧客",
        Msg::AccountHint => {
            "既存の顧客を検索します。該当がなければ、この名前で新しい顧客を登録します。"
        }
        Msg::AmountYen => "金額（円）",
        Msg::ExpectedClose => "受注予定日",
        Msg::Create => "作成",
        Msg::Cancel => "キャンセル",
        Msg::Dismiss => "閉じる",
        Msg::MoveConflict => {
            "他のメンバーが先にこの案件を変更しました。サーバー上の最新の位置に戻しました。"
        }
        Msg::MoveForbidden => "あなたの役割では、この案件をそのステージへ移動できません。",
        Msg::MoveFailed => "移動を保存できませんでした。元の位置に戻しました。",
        Msg::MoveStale => {
            "周りのカードが動いたため移動できませんでした。ボードを再読み込みしました。"
        }
        Msg::HandoffPending => "引き継ぎ待ち",
        Msg::NextActivity => "次回",
        Msg::LoadingMore => "さらに読み込み中…",
        Msg::MoveNotYours => "この案件はあなたの役割では移動できません。",
        Msg::DropNotAllowed => "ここへは移動できません",
        Msg::ShowFilters => "絞り込み",
        Msg::MoveSaving => "前の移動を保存しています。少し待ってからもう一度どうぞ。",
        Msg::Handoffs => "引き継ぎ",
        Msg::HandoffViews => "表示",
        Msg::HandoffsInbox => "受信",
        Msg::HandoffsSent => "送信済み",
        Msg::HandoffsAll => "すべて",
        Msg::HandoffsOverdue => "期限超過",
        Msg::NoHandoffs => "該当する引き継ぎはありません。",
        Msg::AcceptHandoff => "受け入れる",
        Msg::RejectHandoff => "差し戻す",
        Msg::RejectReasonLabel => "差し戻す理由",
        Msg::RejectNoteLabel => "コメント（任意）",
        Msg::ChooseReason => "理由を選んでください",
        Msg::SlaOnTime => "期限内",
        Msg::SlaDueSoon => "期限間近",
        Msg::SlaOverdue => "期限超過",
        Msg::DueAt => "期限",
        Msg::SentAt => "送信",
        Msg::KindAppointment => "アポの引き継ぎ",
        Msg::KindWonAccount => "受注の引き継ぎ",
        Msg::KindHandover => "引き継ぎ",
        Msg::StatusPending => "対応待ち",
        Msg::StatusAccepted => "受け入れ済み",
        Msg::StatusRejected => "差し戻し",
        Msg::NoteMissing => "未記入",
        Msg::HandoffNote => "引き継ぎメモ",
        Msg::HandoffAcceptedToast => "受け入れました。この案件の担当になりました。",
        Msg::HandoffRejectedToast => "差し戻しました。案件は送り主のステージに戻りました。",
        Msg::HandoffAnswered => "他のメンバーが先に対応しました。",
        Msg::HandoffNotYours => "この引き継ぎの受け手ではありません。",
        Msg::NoteNeed => "ニーズ",
        Msg::NoteBudget => "予算",
        Msg::NoteDecisionMaker => "決裁者",
        Msg::NoteTiming => "導入時期",
        Msg::NotePromised => "約束したこと",
        Msg::NoteContractTerms => "契約条件",
        Msg::NoteDeliverables => "提供物",
        Msg::NoteKeyContacts => "主要な連絡先",
        Msg::NoteRisks => "リスク",
        Msg::RejectedBecause => "差し戻し理由",
        Msg::HandoffNumbers => "数字",
        Msg::PeriodFrom => "開始日",
        Msg::PeriodTo => "終了日",
        Msg::ShowPeriod => "表示",
        Msg::ColMember => "メンバー",
        Msg::ColEdge => "引き継ぎの向き",
        Msg::ColSent => "送信",
        Msg::ColAccepted => "受け入れ",
        Msg::ColRejected => "差し戻し",
        Msg::ColReasons => "差し戻し理由",
        Msg::ColReceived => "受信",
        Msg::ColTimeToAccept => "受け入れまで（中央値・営業時間）",
        Msg::ColBreaches => "期限超過",
        Msg::NoNumbers => "この期間の引き継ぎはありません。",
        Msg::PeriodInvalid => "期間を確認してください（終了日は開始日以降、最長2年）。",
        Msg::HandoffNumbersCaption => "メンバー別・引き継ぎの向き別の件数",
        Msg::Team => "チーム",
        Msg::TeamManagersOnly => "チームの画面はマネージャー専用です。",
        Msg::TeamLead => {
            "メンバーごとの役割と、振り分けの設定です。担当エリア・顧客グループ・重み・上限は、アポインター・クローザー・カスタマーサクセスへの振り分けに使われます。変更はすぐに反映されます。"
        }
        Msg::TeamMatrixCaption => "メンバーと役割",
        Msg::AbsentToday => "本日不在",
        Msg::CoverTerritories => "担当エリア",
        Msg::CoverSegments => "顧客グループ",
        Msg::CoverAll => "すべて",
        Msg::Weight => "重み",
        Msg::CapacityOpen => "同時に持てる件数の上限",
        Msg::CapacityDaily => "1日に受ける新規の上限",
        Msg::CapacityHint => "空欄なら上限なし",
        Msg::CoverageHint => "何も選ばなければ、すべてを担当します。",
        Msg::WeightHint => "1〜100。振り分ける件数の比率です。",
        Msg::LastManagerRole => {
            "チームで最後のセールスマネージャーは外せません。先にほかのメンバーにセールスマネージャーの役割を付けてください。"
        }
        Msg::TeamOutdated => "見つかりませんでした。表示を最新にしました。",
        Msg::WholeNumberNeeded => "整数で入力してください。",
        Msg::WeightRange => "1〜100 で入力してください。",
        Msg::CapacityRange => "0〜100000 で入力してください。",
        Msg::UnknownPlace => "存在しない項目が含まれています。ページを再読み込みしてください。",
        Msg::Absences => "不在",
        Msg::AbsenceFrom => "最初の日",
        Msg::AbsenceTo => "最後の日",
        Msg::AbsenceNote => "メモ（任意）",
        Msg::AddAbsence => "不在を追加",
        Msg::NoAbsences => "予定されている不在はありません。",
        Msg::AbsenceAdded => "不在を追加しました。",
        Msg::AbsenceRemoved => "不在を削除しました。",
        Msg::AbsenceEndsBefore => "最後の日が最初の日より前です。",
        Msg::AbsenceTooLong => "366日までです。",
        Msg::DateNeeded => "日付を入力してください。",
        Msg::AbsencesCaption => "今後の不在",
        Msg::AbsencePeriod => "期間",
        Msg::CoverageGaps => "担当の空白",
        Msg::NoGaps => {
            "空白はありません。すべての担当エリアと顧客グループに、アポインター・クローザー・カスタマーサクセスの担当者がいます。"
        }
        Msg::RoutingPreview => "振り分けのプレビュー",
        Msg::RoutingPreviewHelp => "次の1件が誰に振り分けられるかを、何も変えずに確かめます。",
        Msg::PreviewNobody => "振り分けられるメンバーがいません。",
        Msg::PreviewNoHolders => "この役割のメンバーがいません。",
        Msg::VerdictChosen => "次の担当",
        Msg::VerdictWaiting => "対象ですが、ほかのメンバーの順番です",
        Msg::VerdictNotCovering => "この担当エリア・顧客グループの担当外",
        Msg::VerdictAbsent => "本日不在",
        Msg::PreviewCandidates => "この役割のメンバー",
        Msg::TeamRefreshFailed => "最新の状態を読み込めませんでした。",
        Msg::EditCell => "編集",
        Msg::RemoveAbsence => "削除",
        Msg::PreviewTerritory => "担当エリア",
        Msg::PreviewSegment => "顧客グループ",
        // --- Customer success ---
        Msg::Success => "顧客サクセス",
        Msg::SuccessOnly => "このページは顧客サクセス担当とマネージャー向けです。",
        Msg::HandedToMe => "引き継がれた担当アカウント",
        Msg::HandedOver => "引き継がれたアカウント",
        Msg::NoSuccessAccounts => "引き継がれたアカウントはまだありません。",
        Msg::WhatWasPromised => "約束した内容",
        Msg::HandedOverBy => "引き継ぎ元",
        Msg::NoPromise => "引き継ぎメモはありません。",
        Msg::OnboardingChecklist => "オンボーディング",
        Msg::NoChecklist => {
            "チェックリストはまだありません（マネージャーがテンプレートを設定します）。"
        }
        Msg::ChecklistProgress => "進捗",
        Msg::ChecklistNotSaved => "チェックを保存できませんでした。もう一度お試しください。",
        Msg::ChecklistNotYours => "このアカウントの担当者またはマネージャーのみ変更できます。",
        Msg::LastContacted => "最終接触",
        Msg::ContactEvery => "連絡間隔",
        Msg::StaleHeading => "連絡期限を過ぎたアカウント",
        Msg::NoStale => "連絡期限を過ぎたアカウントはありません。",
        Msg::NoSegment => "セグメントなし",
        Msg::WhoseAccounts => "担当者",
        Msg::Myself => "自分",
        Msg::TemplateHeading => "オンボーディングのテンプレート",
        Msg::TemplateHelp => {
            "新しく引き継がれたアカウントに、この項目がコピーされます。進行中のアカウントのチェックリストは変わりません。"
        }
        Msg::AddItem => "項目を追加",
        Msg::RemoveItem => "削除",
        Msg::SaveTemplate => "テンプレートを保存",
        Msg::TemplateSaved => "テンプレートを保存しました。",
        Msg::ItemEmpty => "項目を入力してください。",
        Msg::ItemTooLong => "200文字以内で入力してください。",
        Msg::ItemRepeated => "同じ項目がすでにあります。",
        Msg::ItemsCount => "項目は1〜30件にしてください。",
        Msg::IntervalsHeading => "セグメントごとの連絡間隔",
        Msg::IntervalLabel => "連絡間隔（日）",
        Msg::IntervalHelp => "空欄にすると、そのセグメントは連絡期限なしになります。",
        Msg::IntervalRange => "1〜365日で入力するか、空欄にしてください。",
        Msg::IntervalSaved => "連絡間隔を保存しました。",
        Msg::ColSegment => "セグメント",
        Msg::SuccessSettings => "チェックリストのテンプレートと連絡間隔の設定",
        // --- Hand-off extras ---
        Msg::ChainOfHands => "引き継ぎの経緯",
        Msg::NoChainYet => "この案件はまだ引き継がれていません。",
        Msg::AcceptedAt => "受け入れ",
        Msg::SentBackAt => "差し戻し",
        Msg::ReceiverInvalid => "この役割を持つ、別のメンバーを選んでください。",
        Msg::HandOverByHand => "引き継ぐ",
        Msg::ReceivingRole => "受け取る役割",
        Msg::ReceivingMember => "受け取るメンバー",
        Msg::ChooseMember => "メンバーを選んでください",
        Msg::SendHandoff => "引き継ぎを送る",
        Msg::Required => "必須",
        Msg::HandoffAlreadyPending => "この案件には、対応待ちの引き継ぎがすでにあります。",
        Msg::HandOverForbidden => "この案件を引き継げるのは、現在の担当者かマネージャーです。",
        Msg::NoteMemo => "メモ",
        Msg::NoteSaved => "引き継ぎメモを保存しました。",
        Msg::NoteStillMissing => "必須項目です。まだ記入されていません。",
        Msg::CompleteNote => "メモを補う",
        Msg::SaveNote => "メモを保存",
        Msg::SettingsPages => "設定ページ",
        Msg::PipelineSettings => "パイプライン",
        Msg::HandoffSettings => "引き継ぎ設定",
        Msg::HandoffTypes => "引き継ぎの種類",
        Msg::HandoffTypesHelp => {
            "種類ごとに、受け手が対応するまでの期限（営業時間：平日9時〜18時、祝日を除く）と、送り手が必ず書くメモ項目を決めます。"
        }
        Msg::DeadlineBusinessTime => "期限（営業時間）",
        Msg::Hours => "時間",
        Msg::Minutes => "分",
        Msg::RequiredNoteFields => "必須のメモ項目",
        Msg::DeadlineInvalid => {
            "期限は1分から720時間（80営業日）までで、分は0〜59で入力してください。"
        }
        Msg::RejectReasons => "差し戻し理由",
        Msg::RejectReasonsHelp => {
            "受け手が差し戻すときに選ぶ理由です。廃止した理由は選べなくなりますが、過去の引き継ぎと数字には残ります。"
        }
        Msg::ReasonCodeTaken => "このコードはすでに使われています。",
        Msg::ReasonCodeInvalid => {
            "コードは半角小文字・数字・_ で40文字まで（空欄なら英語名から作ります）。"
        }
        Msg::LastReasonStays => "少なくとも1つの理由は選べるようにしておいてください。",
        Msg::ReasonSaved => "保存しました：",
        Msg::ReasonRetired => "廃止しました：",
        Msg::ReasonOffered => "再開しました：",
        Msg::ReasonMoved => "並べ替えました：",
        Msg::ReasonAdded => "追加しました：",
        Msg::ReasonRetiredBadge => "廃止",
        Msg::LabelJa => "表示名（日本語）",
        Msg::LabelEn => "表示名（英語）",
        Msg::ReasonCode => "コード（任意）",
        Msg::ReasonCodeHelp => {
            "コードを空欄にすると、英語の表示名から作ります（例：Too early → too_early）。"
        }
        Msg::AddReason => "理由を追加",
        Msg::RetireReason => "廃止",
        Msg::OfferReason => "再開",
        Msg::WonCredit => "受注の貢献（役割別）",
        Msg::WonCreditHelp => {
            "この期間に受注した案件ごとに、その案件を担ったメンバー全員（アポを取ったアポインター、受注したクローザー、引き継いだカスタマーサクセス）を役割ごとに数えます。"
        }
        Msg::NoWonDeals => "この期間に受注した案件はありません。",
        Msg::ColRole => "役割",
        Msg::ColWonDeals => "受注件数",
        Msg::ColWonAmount => "受注金額",
        Msg::ScriptsTitle => "トークスクリプト",
        Msg::ScriptsBack => "← トークスクリプト一覧",
        Msg::ScriptsBackToScript => "← スクリプトに戻る",
        Msg::ScriptsLeadEditor => {
            "パイプラインと目的ごとにトークスクリプトを作り、下書きを編集して公開します。アポインターは公開中のバージョンで架電します。"
        }
        Msg::ScriptsLeadReader => {
            "公開中のトークスクリプトです。開くと、公開中のバージョンを読めます。"
        }
        Msg::ScriptsNoneYet => "トークスクリプトはまだありません。下のフォームから作成できます。",
        Msg::ScriptsNonePublished => "公開されたトークスクリプトはまだありません。",
        Msg::ScriptsName => "名前",
        Msg::ScriptsPurpose => "目的",
        Msg::ScriptsPublished => "公開バージョン",
        Msg::ScriptsUpdated => "最終更新",
        Msg::ScriptsNotPublished => "未公開",
        Msg::ScriptsNoPipeline => "（パイプラインなし）",
        Msg::ScriptsNew => "新しいトークスクリプト",
        Msg::ScriptsCreate => "作成して編集",
        Msg::ScriptsNameRequired => "名前を入力してください。",
        Msg::ScriptsPipelineRequired => "パイプラインを選んでください。",
        Msg::ScriptsPipelineUnknown => "このパイプラインは存在しません。選び直してください。",
        Msg::ScriptsChoose => "— 選んでください —",
        Msg::ScriptsEditorsOnly => {
            "トークスクリプトを編集できるのはマネージャーと営業事務だけです。"
        }
        Msg::ScriptsReadersOnly => {
            "トークスクリプトを読めるのは、マネージャー・営業事務・アポインター・クローザーです。"
        }
        Msg::ScriptsNotFound => "トークスクリプトが見つからないか、まだ公開されていません。",
        Msg::ScriptsNotPublishedYet => "このトークスクリプトはまだ公開されていません。",
        Msg::ScriptsPublish => "公開する",
        Msg::ScriptsSaved => "保存済み",
        Msg::ScriptsSaving => "保存中…",
        Msg::ScriptsUnsaved => "未保存の変更があります",
        Msg::ScriptsConflictStatus => "保存されていません（競合）",
        Msg::ScriptsWaitForSave => "保存が終わってから、もう一度公開してください。",
        Msg::ScriptsResolveConflict => "先に、どちらの下書きを残すか選んでください。",
        Msg::ScriptsConflictTitle => "ほかのマネージャーが先に保存しました",
        Msg::ScriptsConflictDiff => "あなたの下書きとの違い",
        Msg::ScriptsTakeTheirs => "相手の下書きを読み込む（自分の変更は破棄）",
        Msg::ScriptsKeepMine => "自分の下書きを残す（相手の変更に上書き保存）",
        Msg::ScriptsTookTheirs => "相手の下書きを読み込みました。",
        Msg::ScriptsRestoreTitle => "保存されていない変更があります",
        Msg::ScriptsRestore => "復元する",
        Msg::ScriptsDiscardKept => "破棄する",
        Msg::ScriptsUndo => "元に戻す",
        Msg::ScriptsUndone => "削除を取り消しました。",
        Msg::ScriptsSteps => "ステップ",
        Msg::ScriptsStart => "最初のステップ",
        Msg::ScriptsNoSteps => "ステップがまだありません。",
        Msg::ScriptsAddStep => "ステップを追加",
        Msg::ScriptsAddSharedStep => "共通の切り返しステップを追加",
        Msg::ScriptsStartBadge => "開始",
        Msg::ScriptsSharedBadge => "共通の切り返し",
        Msg::ScriptsUnreachableBadge => "到達できません",
        Msg::ScriptsDelete => "削除",
        Msg::ScriptsKey => "キー",
        Msg::ScriptsKeyHint => "回答の行き先として使う、スクリプト内で一意の名前（例：opening）。",
        Msg::ScriptsText => "話す内容",
        Msg::ScriptsVariables => "変数を挿入",
        Msg::ScriptsSharedToggle => "共通の切り返しステップ（通話中どのステップからでも開ける）",
        Msg::ScriptsArticle => "ナレッジ記事",
        Msg::ScriptsNoArticle => "なし",
        Msg::ScriptsAnswers => "お客様の回答",
        Msg::ScriptsAddAnswer => "回答を追加",
        Msg::ScriptsAnswerLabel => "お客様の言葉",
        Msg::ScriptsLeadsTo => "行き先",
        Msg::ScriptsReason => "理由（興味なし）",
        Msg::ScriptsToStep => "次のステップ",
        Msg::ScriptsToOutcome => "結果（通話終了）",
        Msg::ScriptsFlow => "フロー",
        Msg::ScriptsFlowHint => {
            "左から右へ、開始からの深さ順に並んでいます。線は回答の行き先、点線は前に戻る回答です。ステップを選ぶと、その編集欄に移動します。"
        }
        Msg::ScriptsLaneMain => "本線（開始から）",
        Msg::ScriptsLaneShared => "共通の切り返し（どこからでも）",
        Msg::ScriptsLaneUnreachable => "到達できないステップ",
        Msg::ScriptsNodeNoAnswers => "回答がありません",
        Msg::ScriptsNoProblems => "問題はありません。公開できます。",
        Msg::ScriptsProblemsHint => {
            "問題を選ぶと、直す場所に移動します。すべて直すと公開できます。"
        }
        Msg::ScriptsVersions => "公開バージョン",
        Msg::ScriptsNoVersions => "まだ公開されていません。",
        Msg::ScriptsCurrentBadge => "公開中",
        Msg::ScriptsVersionTitle => "トークスクリプトのバージョン",
        Msg::ScriptsChanges => "変更",
        Msg::ScriptsFirstVersion => "最初のバージョンです。",
        Msg::ScriptsNoChanges => "前のバージョンから変更はありません。",
        Msg::ScriptsDiffAdded => "追加",
        Msg::ScriptsDiffRemoved => "削除",
        Msg::ScriptsDiffChanged => "変更",
        Msg::CallNav => "架電",
        Msg::CallQueue => "架電キュー",
        Msg::CallQueueLead => {
            "架電予定の時刻を過ぎた案件と、まだ一度も電話していない案件（あなたがアポインターのもの）を、期日の早い順に並べています。"
        }
        Msg::CallQueueEmpty => "いま電話すべき案件はありません。",
        Msg::CallQueueDone => "キューに次の架電はありません。",
        Msg::CallColDeal => "案件",
        Msg::CallColContact => "担当者",
        Msg::CallColDue => "期日",
        Msg::CallColScript => "スクリプト",
        Msg::CallStart => "架電を開始",
        Msg::CallNoScript => "公開中のスクリプトがありません",
        Msg::CallNoContact => "担当者が登録されていません",
        Msg::CallDuePlanned => "架電予定",
        Msg::CallDueNeverCalled => "未架電",
        Msg::CallRoleOnly => "架電はアポインターとマネージャーが行います。",
        Msg::CallStartRefused => {
            "架電を開始できませんでした。この案件のパイプラインにスクリプトが公開されているか確認してください。"
        }
        Msg::CallNotYours => "この架電（案件）はあなたの担当ではありません。",
        Msg::CallNotFound => "この架電は見つかりません。",
        Msg::CallMode => "架電モード",
        Msg::CallBackToQueue => "架電キューへ戻る",
        Msg::CallPerson => "電話する相手",
        Msg::CallStepPrefix => "ステップ：",
        Msg::CallObjectionPrefix => "切り返し：",
        Msg::CallObjections => "切り返し",
        Msg::CallAnswers => "お客様の答え",
        Msg::CallDetour => "切り返しを表示しています。答えを選ぶまで記録されません。",
        Msg::CallLeaveObjection => "元のステップに戻る",
        Msg::CallLost => {
            "この回答の行き先がスクリプトにありません。「戻る」で一つ前に戻ってください。"
        }
        Msg::CallBack => "戻る",
        Msg::CallArticle => "関連記事",
        Msg::CallNoArticle => "このステップには関連記事がありません。",
        Msg::CallAtStart => "最初のステップです。これ以上戻れません。",
        Msg::CallClose => "閉じる",
        Msg::CallDismiss => "メッセージを閉じる",
        Msg::CallEnd => "通話を終える",
        Msg::CallEndPrefix => "通話を終える：",
        Msg::CallNotes => "メモ",
        Msg::CallNotesHint => {
            "このステップのメモは、次の回答と一緒に記録されます（終了時のメモは通話の記録に残ります）。Esc で入力を終えると、ショートカットキーが使えます。"
        }
        Msg::CallPath => "これまでの流れ",
        Msg::CallPathEmpty => "まだ回答はありません。",
        Msg::CallNow => "いま：",
        Msg::CallDiverged => {
            "サーバーに記録された位置が画面と違っていたため、サーバーの記録を表示しています。"
        }
        Msg::CallConflict => {
            "この架電は別の画面（タブや端末）で先に進められたか、すでに終了しています。サーバーに記録されている位置を表示しています。"
        }
        Msg::CallRefused => {
            "サーバーがこの回答を受け付けませんでした。サーバーに記録されている位置を表示しています。"
        }
        Msg::CallServerFailed => {
            "サーバーで問題が起きたため、回答が記録されませんでした。サーバーに記録されている位置を表示しています。"
        }
        Msg::CallReloadFailed => "架電を読み込み直せませんでした。ページを再読み込みしてください。",
        Msg::CallAlreadyFinished => "この架電はすでに終了しています。",
        Msg::CallFinishTitle => "通話の終了",
        Msg::CallFinishAppointment => "アポを登録して終了",
        Msg::CallFinishCallBack => "再架電を予約して終了",
        Msg::CallFinishNotInterested => "興味なしで終了",
        Msg::CallFinishWrongContact => "担当者違いで終了",
        Msg::CallFinishNoAnswer => "応答なしで終了",
        Msg::CallFinishing => "通話を記録しています…",
        Msg::CallSavingAnswers => "回答の保存を待っています…",
        Msg::CallContinue => "通話を続ける",
        Msg::CallMeetingAt => "商談日時",
        Msg::CallCallBackAt => "次回の架電日時",
        Msg::CallCloser => "担当クローザー",
        Msg::CallChooseCloser => "選んでください",
        Msg::CallCloserFromDeal => "この案件のクローザー",
        Msg::CallCloserFromRouting => "チームの割り当てによる候補",
        Msg::CallReason => "興味がない理由",
        Msg::CallMeetingRequired => "商談の日時を入力してください。",
        Msg::CallCallBackRequired => "次に電話する日時を入力してください。",
        Msg::CallTimeInvalid => "日時を正しく入力してください。",
        Msg::CallTimePast => "これから先の日時を入力してください。",
        Msg::CallCloserRequired => "商談を担当するクローザーを選んでください。",
        Msg::CallCloserInvalid => {
            "このメンバーは利用中のクローザーではありません。別のクローザーを選んでください。"
        }
        Msg::CallReasonRequired => "理由を入力してください。",
        Msg::CallCannotHandOff => "この案件は、アポをクローザーに引き継げるステージにありません。",
        Msg::CallRecorded => "通話を記録しました",
        Msg::CallHandedOff => {
            "案件はクローザーのステージへ移り、引き継ぎを送りました。引き継ぎメモは送信済みの引き継ぎから補えます。"
        }
        Msg::CallSentHandoffs => "送信した引き継ぎ",
        Msg::CallOpenDeal => "案件を開く",
        Msg::KbTitle => "ナレッジ",
        Msg::KbLead => "切り返し・製品・競合の情報。架電中もすぐ探せます。",
        Msg::KbNewArticle => "新しい記事",
        Msg::KbSearchLabel => "記事を検索",
        Msg::KbSearchHint => {
            "入力すると検索します。タイトル・本文・タグのどの部分でも見つかります。"
        }
        Msg::KbSearchInvalid => "検索語は200文字以内で入力してください。",
        Msg::KbNoAccess => "この情報を見る権限がありません。",
        Msg::KbCategory => "分類",
        Msg::KbAllCategories => "すべての分類",
        Msg::KbArticles => "記事の一覧",
        Msg::KbNoArticles => "この分類の記事はまだありません。",
        Msg::KbNothingFound => "該当する記事はありません。別の言葉で探してみてください。",
        Msg::KbTags => "タグ",
        Msg::KbCategoryObjection => "切り返し",
        Msg::KbCategoryProduct => "製品",
        Msg::KbCategoryCompetitor => "競合",
        Msg::OutcomeAppointmentSet => "アポ獲得",
        Msg::OutcomeCallBack => "再架電",
        Msg::OutcomeNotInterested => "興味なし",
        Msg::OutcomeWrongContact => "担当者違い",
        Msg::OutcomeNoAnswer => "応答なし",
        Msg::KbTitleRequired => "タイトルを入力してください。",
        Msg::KbTitleTooLong => "タイトルは200文字以内です。",
        Msg::KbBodyRequired => "本文を入力してください。",
        Msg::KbBodyTooLong => "本文は20,000文字以内です。",
        Msg::KbTagsTooMany => "タグは20個までです。",
        Msg::KbTagTooLong => "タグは1つにつき40文字以内です。",
        Msg::KbEditorsOnly => "記事を書いたり直したりできるのは、マネージャーと営業事務です。",
        Msg::KbArticleTitle => "タイトル",
        Msg::KbBody => "本文",
        Msg::KbBodyHint => "空行で段落を区切ります。",
        Msg::KbTagsHint => "カンマ（、）で区切って入力します。",
        Msg::KbWriteArticle => "記事の内容",
        Msg::KbCreateArticle => "記事を作成",
        Msg::KbArticle => "ナレッジ記事",
        Msg::KbArticleNotFound => "記事が見つかりません",
        Msg::KbBackToList => "ナレッジの一覧へ戻る",
        Msg::KbConflictReload => {
            "他のメンバーがこの記事を変更しました。ページを読み込み直してください。"
        }
        Msg::KbConflictHeading => "他のメンバーがこの記事を変更しました",
        Msg::KbConflictBody => {
            "あなたの変更はまだ保存されていません。相手の版と見比べて、どちらにするか選んでください。"
        }
        Msg::KbConflictTheirs => "相手の版（保存済み）",
        Msg::KbAbout => "記事の情報",
        Msg::KbWrittenBy => "作成者",
        Msg::KbWrittenAt => "作成日時",
        Msg::KbLastEdited => "最終更新",
        Msg::KbEditArticle => "記事を編集",
        Msg::KbDealSection => "ナレッジ",
        Msg::KbLinkedArticles => "紐付けた記事",
        Msg::KbNoLinks => "この案件に紐付けた記事はまだありません。",
        Msg::KbFindToLink => "記事を探して紐付ける",
        Msg::KbFoundArticles => "見つかった記事",
        Msg::KbNothingToLink => "紐付けられる記事は見つかりませんでした。",
        Msg::KbLink => "紐付ける",
        Msg::KbUnlink => "紐付けを外す",
        Msg::KbLinked => "紐付けました",
        Msg::KbUnlinked => "紐付けを外しました",
        Msg::KbLinkForbidden => {
            "記事を紐付けられるのは、この案件の担当者・マネージャー・営業事務です。"
        }
        Msg::KbAlreadyLinked => "この記事はすでに紐付いています。",
        Msg::KbLinkGone => "この紐付けはもうありません。一覧を更新しました。",
        Msg::KbLinkInvalid => "この記事はもうありません。",
        Msg::KbAuditArticle => "ナレッジ記事の紐付け",
        Msg::KbNumbers => "スクリプトの数値",
        Msg::KbNumbersManagersOnly => {
            "スクリプトの数値を見られるのは、マネージャーと営業事務です。"
        }
        Msg::KbScriptNotFound => "スクリプトが見つかりません。",
        Msg::KbNotPublished => {
            "このスクリプトはまだ公開されていません。公開した版で通話が終わると、数値が出ます。"
        }
        Msg::KbNoSuchVersion => "その版はありません。別の版を選んでください。",
        Msg::KbVersion => "版",
        Msg::KbCompareWith => "比較する版",
        Msg::KbNoCompare => "比較しない",
        Msg::KbRatesExplained => {
            "率は、その母数（通話全体、またはそのステップに到達した通話）のうち、アポ獲得・商談実施・受注に至った割合です。かっこ内は件数（該当/母数）です。"
        }
        Msg::KbWorstObjection => "最も通話を失っている切り返し",
        Msg::KbSummary => "概要",
        Msg::KbCalls => "通話数",
        Msg::KbMeetingHeld => "商談実施",
        Msg::KbWon => "受注",
        Msg::KbOutcomes => "結果の内訳",
        Msg::KbSharedStep => "切り返し",
        Msg::KbLosesMost => "通話を最も失う",
        Msg::KbFew => "少数",
        Msg::KbPerStep => "ステップごとの数値",
        Msg::KbPerStepCompared => "ステップごとの比較",
        Msg::KbStep => "ステップ",
        Msg::KbReached => "到達",
        Msg::KbWentNext => "次に進んだ先（回答ごと）",
        Msg::KbEndedHere => "ここで終了",
        Msg::KbMeasure => "指標",
        Msg::KbNotInVersion => "この版にはないステップ",
    }
}

fn en(msg: Msg) -> &'static str {
    match msg {
        Msg::Language => "Language",
        Msg::SignIn => "Sign in",
        Msg::Tagline => "Every hand-off of your divided-sales team, in one pipeline.",
        Msg::Email => "Email",
        Msg::Password => "Password",
        Msg::BadCredentials => "The email or password is incorrect.",
        Msg::RateLimited => "Too many sign-in attempts. Please wait and try again.",
        Msg::Unreachable => "Cannot reach the server. Check your connection and try again.",
        Msg::ServerError => "Something went wrong on the server. Please try again later.",
        Msg::CheckInput => "Please check what you entered.",
        Msg::SessionExpired => "Your session has expired. Please sign in again.",
        Msg::EmailRequired => "Enter your email address.",
        Msg::EmailInvalid => "Enter an email address such as name@example.com.",
        Msg::PasswordRequired => "Enter your password.",
        Msg::TooLong => "This is too long.",
        Msg::FieldInvalid => "This value is not valid.",
        Msg::MainNav => "Main",
        Msg::Deals => "Deals",
        Msg::SignOut => "Sign out",
        Msg::Roles => "Roles",
        Msg::RoleManager => "Sales manager",
        Msg::RoleAppointer => "Appointer",
        Msg::RoleCloser => "Closer",
        Msg::RoleSuccess => "Customer success",
        Msg::RoleAdmin => "Sales admin",
        Msg::Pipeline => "Pipeline",
        Msg::Owner => "Owner",
        Msg::Everyone => "Everyone",
        Msg::Loading => "Loading…",
        Msg::Retry => "Retry",
        Msg::LoadFailed => "The data could not be loaded.",
        Msg::NoPipelines => "There are no pipelines yet.",
        Msg::NoDeals => "No deals",
        Msg::Weighted => "Weighted",
        Msg::Total => "Total",
        Msg::ColDeal => "Deal",
        Msg::ColAccount => "Account",
        Msg::ColAmount => "Amount",
        Msg::ColAppointer => "Appointer",
        Msg::ColCloser => "Closer",
        Msg::ColSuccess => "Success",
        Msg::ColExpectedClose => "Expected close",
        Msg::ColDaysInStage => "Days in stage",
        Msg::NotSet => "Not set",
        Msg::Unassigned => "Unassigned",
        Msg::Stalled => "Stalled",
        Msg::NotFoundTitle => "Page not found",
        Msg::NotFoundBody => "The page you are looking for does not exist or has moved.",
        Msg::BackToDeals => "Back to deals",
        Msg::Board => "Board",
        Msg::Settings => "Settings",
        Msg::ManagersOnly => "Only managers can change these settings.",
        Msg::StageHasDeals => {
            "This stage still has deals. Move them to another stage first, then remove it."
        }
        Msg::ProbabilityRange => "Enter a probability from 0 to 100.",
        Msg::StallRange => "Enter a stall limit from 1 to 3650 days.",
        Msg::StageNameNeeded => "Enter a stage name (up to 100 characters).",
        Msg::KindOpen => "Open",
        Msg::KindWon => "Won",
        Msg::KindLost => "Lost",
        Msg::PipelineName => "Pipeline name",
        Msg::Rename => "Rename",
        Msg::StageName => "Stage",
        Msg::Probability => "Probability (%)",
        Msg::OwningRole => "Owning role",
        Msg::StallLimit => "Stall limit (days)",
        Msg::StageKindLabel => "Kind",
        Msg::Actions => "Actions",
        Msg::AddStage => "Add stage",
        Msg::NewStageName => "New stage name",
        Msg::StageAdded => "Stage added.",
        Msg::StageRemoved => "Stage removed.",
        Msg::MoveUp => "Move up",
        Msg::MoveDown => "Move down",
        Msg::RemoveStage => "Remove",
        Msg::LastStage => "A pipeline keeps at least one stage; the last one cannot be removed.",
        Msg::StageDealCount => "Deals",
        Msg::MoveDealsOnBoard => "Move the deals on the board",
        Msg::SettingsOutdated => {
            "This stage or pipeline has changed or been removed meanwhile. Reload the page."
        }
        Msg::AddPipeline => "Add pipeline",
        Msg::PipelineKindLabel => "Pipeline kind",
        Msg::PipelineSales => "Sales",
        Msg::PipelineSuccess => "Customer success",
        Msg::FirstStageName => "First stage name",
        Msg::PipelineAdded => "Pipeline added.",
        Msg::PipelineRenamed => "Pipeline renamed.",
        Msg::PipelineNameNeeded => "Enter a pipeline name (up to 100 characters).",
        Msg::StagesHelp => {
            "Deals go through the stages from top to bottom. A deal that stays in a stage longer than its stall limit is marked stalled. A stage that still has deals cannot be removed."
        }
        Msg::DealDetail => "Deal",
        Msg::DealNotFound => "Deal not found",
        Msg::BackToBoard => "Back to the board",
        Msg::EditDeal => "Edit deal",
        Msg::EditConflict => {
            "Someone else changed this deal before you saved. Review their version below."
        }
        Msg::EditForbidden => "Your roles do not allow this change.",
        Msg::TakeTheirs => "Use their version",
        Msg::ReapplyMine => "Apply my changes again",
        Msg::Saved => "Saved.",
        Msg::Save => "Save",
        Msg::Activities => "Activities",
        Msg::StageHistory => "Stage history",
        Msg::AuditTrail => "Audit trail",
        Msg::When => "When",
        Msg::Who => "Who",
        Msg::Field => "Field",
        Msg::Before => "Before",
        Msg::After => "After",
        Msg::System => "System",
        Msg::ActivityDone => "Done",
        Msg::ActivityPlanned => "Planned",
        Msg::KindCall => "Call",
        Msg::KindMeeting => "Meeting",
        Msg::KindEmail => "E-mail",
        Msg::KindVisit => "Visit",
        Msg::KindTask => "Task",
        Msg::FieldCreated => "Created",
        Msg::FieldStage => "Stage",
        Msg::FieldRank => "Order",
        Msg::OwnersManagersOnly => "Only managers change owners.",
        Msg::ActivityKind => "Kind",
        Msg::Subject => "Subject",
        Msg::PlannedAt => "Planned for",
        Msg::AlreadyDone => "Log as done",
        Msg::AddActivity => "Add activity",
        Msg::ConflictHeading => "Someone changed this deal",
        Msg::ConflictTheirs => "Now",
        Msg::ConflictYours => "Your edit",
        Msg::ConflictHint => {
            "“Apply my changes again” saves only the fields you changed on top of the deal as it is now. “Use their version” discards your changes."
        }
        Msg::EditNotAllowed => "This deal can be edited by its owners, managers and sales admins.",
        Msg::NothingChanged => "Nothing has changed.",
        Msg::NoActivities => "No activities yet.",
        Msg::NoStageMoves => "No stage moves yet.",
        Msg::NoAuditEntries => "No changes recorded yet.",
        Msg::Notes => "Notes",
        Msg::DoneAt => "Done at",
        Msg::DoneAtHint => "Leave empty to record it as done now.",
        Msg::ActivityAdded => "Activity added.",
        Msg::RemovedStage => "(removed stage)",
        Msg::DealFacts => "Deal summary",
        Msg::StageInPipeline => "Stage",
        Msg::ExpectedCloseShort => "Expected close",
        Msg::ActivityList => "Activity list",
        Msg::AmountInvalid => "Enter the amount as a number, e.g. 1500000.",
        Msg::AmountNegative => "The amount cannot be negative.",
        Msg::OwnerInvalid => "Choose an active member who holds this role.",
        Msg::PlannedAtRequired => "Enter when it is planned.",
        Msg::CreateForbidden => "Your roles do not allow creating deals in this stage.",
        Msg::FieldRequired => "This field is required.",
        Msg::BoardInstructions => {
            "Arrow keys go from card to card; Enter opens the deal. Space picks a card up, the arrow keys move it, Space drops it, Escape cancels."
        }
        Msg::CardRole => "movable deal",
        Msg::Filters => "Filters",
        Msg::Role => "Role",
        Msg::AnyRole => "Any role",
        Msg::Segment => "Segment",
        Msg::Territory => "Territory",
        Msg::Any => "Any",
        Msg::MinAmount => "Min amount",
        Msg::MaxAmount => "Max amount",
        Msg::Search => "Search",
        Msg::StalledOnly => "Stalled only",
        Msg::ClearFilters => "Clear filters",
        Msg::AddDeal => "Add deal",
        Msg::NewDeal => "New deal",
        Msg::DealTitle => "Deal title",
        Msg::Account => "Account",
        Msg::AccountHint => {
            "Search existing accounts; if none matches, a new account with this name is created."
        }
        Msg::AmountYen => "Amount (JPY)",
        Msg::ExpectedClose => "Expected close",
        Msg::Create => "Create",
        Msg::Cancel => "Cancel",
        Msg::Dismiss => "Dismiss",
        Msg::MoveConflict => {
            "Someone else changed this deal first; it is back where the server has it."
        }
        Msg::MoveForbidden => "Your roles do not allow moving this deal to that stage.",
        Msg::MoveFailed => "The move could not be saved; the card is back where it was.",
        Msg::MoveStale => "The cards around that place moved; the board has been reloaded.",
        Msg::HandoffPending => "Hand-off pending",
        Msg::NextActivity => "Next",
        Msg::LoadingMore => "Loading more…",
        Msg::MoveNotYours => "Your roles do not allow moving this deal.",
        Msg::DropNotAllowed => "Cannot move here",
        Msg::ShowFilters => "Filters",
        Msg::MoveSaving => "The last move is still being saved; try again in a moment.",
        Msg::Handoffs => "Hand-offs",
        Msg::HandoffViews => "Show",
        Msg::HandoffsInbox => "To me",
        Msg::HandoffsSent => "Sent",
        Msg::HandoffsAll => "All",
        Msg::HandoffsOverdue => "Overdue",
        Msg::NoHandoffs => "No hand-offs here.",
        Msg::AcceptHandoff => "Accept",
        Msg::RejectHandoff => "Send back",
        Msg::RejectReasonLabel => "Reason",
        Msg::RejectNoteLabel => "Comment (optional)",
        Msg::ChooseReason => "Choose a reason",
        Msg::SlaOnTime => "On time",
        Msg::SlaDueSoon => "Due soon",
        Msg::SlaOverdue => "Overdue",
        Msg::DueAt => "Due",
        Msg::SentAt => "Sent",
        Msg::KindAppointment => "Appointment",
        Msg::KindWonAccount => "Won account",
        Msg::KindHandover => "Hand-over",
        Msg::StatusPending => "Waiting",
        Msg::StatusAccepted => "Accepted",
        Msg::StatusRejected => "Sent back",
        Msg::NoteMissing => "Not filled in",
        Msg::HandoffNote => "Hand-off note",
        Msg::HandoffAcceptedToast => "Accepted: the deal is yours now.",
        Msg::HandoffRejectedToast => "Sent back: the deal returned to the sender's stage.",
        Msg::HandoffAnswered => "Someone answered this hand-off first.",
        Msg::HandoffNotYours => "You are not the receiver of this hand-off.",
        Msg::NoteNeed => "Need",
        Msg::NoteBudget => "Budget",
        Msg::NoteDecisionMaker => "Decision maker",
        Msg::NoteTiming => "Timing",
        Msg::NotePromised => "Promised",
        Msg::NoteContractTerms => "Contract terms",
        Msg::NoteDeliverables => "Deliverables",
        Msg::NoteKeyContacts => "Key contacts",
        Msg::NoteRisks => "Risks",
        Msg::RejectedBecause => "Sent back because",
        Msg::HandoffNumbers => "Numbers",
        Msg::PeriodFrom => "From",
        Msg::PeriodTo => "To",
        Msg::ShowPeriod => "Show",
        Msg::ColMember => "Member",
        Msg::ColEdge => "Hand-off",
        Msg::ColSent => "Sent",
        Msg::ColAccepted => "Accepted",
        Msg::ColRejected => "Sent back",
        Msg::ColReasons => "Reasons",
        Msg::ColReceived => "Received",
        Msg::ColTimeToAccept => "Time to accept (median, business time)",
        Msg::ColBreaches => "Overdue",
        Msg::NoNumbers => "No hand-offs in this period.",
        Msg::PeriodInvalid => "Check the period: it ends on or after its start, two years at most.",
        Msg::HandoffNumbersCaption => "Hand-offs per member and direction",
        Msg::Team => "Team",
        Msg::TeamManagersOnly => "The team page is for managers only.",
        Msg::TeamLead => {
            "Who holds which role, and how work is routed to them. Territories, segments, weight and limits apply to routing to appointers, closers and customer success. Changes take effect at once."
        }
        Msg::TeamMatrixCaption => "Members and roles",
        Msg::AbsentToday => "Away today",
        Msg::CoverTerritories => "Territories",
        Msg::CoverSegments => "Segments",
        Msg::CoverAll => "All",
        Msg::Weight => "Weight",
        Msg::CapacityOpen => "Most open items at once",
        Msg::CapacityDaily => "Most new items a day",
        Msg::CapacityHint => "Empty: no limit",
        Msg::CoverageHint => "None chosen: covers all.",
        Msg::WeightHint => "1–100: the share of routed work.",
        Msg::LastManagerRole => {
            "This is the team's last sales manager: give another member the Sales manager role first."
        }
        Msg::TeamOutdated => "It is no longer there; the page now shows the latest.",
        Msg::WholeNumberNeeded => "Enter a whole number.",
        Msg::WeightRange => "From 1 to 100.",
        Msg::CapacityRange => "From 0 to 100000.",
        Msg::UnknownPlace => "It includes one that no longer exists; reload the page.",
        Msg::Absences => "Absences",
        Msg::AbsenceFrom => "First day",
        Msg::AbsenceTo => "Last day",
        Msg::AbsenceNote => "Note (optional)",
        Msg::AddAbsence => "Add absence",
        Msg::NoAbsences => "No absences planned.",
        Msg::AbsenceAdded => "Absence added.",
        Msg::AbsenceRemoved => "Absence removed.",
        Msg::AbsenceEndsBefore => "The last day is before the first.",
        Msg::AbsenceTooLong => "At most 366 days.",
        Msg::DateNeeded => "Enter a date.",
        Msg::AbsencesCaption => "Absences not yet over",
        Msg::AbsencePeriod => "Days",
        Msg::CoverageGaps => "Coverage gaps",
        Msg::NoGaps => {
            "No gaps: every territory and segment has an appointer, a closer and a customer-success member available."
        }
        Msg::RoutingPreview => "Routing preview",
        Msg::RoutingPreviewHelp => "Who would get the next item, without changing anything.",
        Msg::PreviewNobody => "Nobody can take the next item.",
        Msg::PreviewNoHolders => "Nobody holds this role.",
        Msg::VerdictChosen => "Next",
        Msg::VerdictWaiting => "Eligible; another member is next",
        Msg::VerdictNotCovering => "Does not cover this territory and segment",
        Msg::VerdictAbsent => "Away today",
        Msg::PreviewCandidates => "Members holding the role",
        Msg::TeamRefreshFailed => "The latest state could not be loaded.",
        Msg::EditCell => "Edit",
        Msg::RemoveAbsence => "Remove",
        Msg::PreviewTerritory => "Territory",
        Msg::PreviewSegment => "Segment",
        // --- Customer success ---
        Msg::Success => "Customer success",
        Msg::SuccessOnly => "This page is for customer success and managers.",
        Msg::HandedToMe => "Handed to me",
        Msg::HandedOver => "Accounts handed over",
        Msg::NoSuccessAccounts => "No accounts have been handed over yet.",
        Msg::WhatWasPromised => "What was promised",
        Msg::HandedOverBy => "Handed over by",
        Msg::NoPromise => "No hand-off note.",
        Msg::OnboardingChecklist => "Onboarding checklist",
        Msg::NoChecklist => "No checklist yet: a manager sets the template.",
        Msg::ChecklistProgress => "Progress",
        Msg::ChecklistNotSaved => "The tick was not saved. Please try again.",
        Msg::ChecklistNotYours => "Only the account's success owner or a manager can change this.",
        Msg::LastContacted => "Last contacted",
        Msg::ContactEvery => "Contact interval",
        Msg::StaleHeading => "Not contacted within their interval",
        Msg::NoStale => "Every account has been contacted within its interval.",
        Msg::NoSegment => "No segment",
        Msg::WhoseAccounts => "Whose accounts",
        Msg::Myself => "Me",
        Msg::TemplateHeading => "Onboarding checklist template",
        Msg::TemplateHelp => {
            "Accounts handed to success from now on get a copy of these items; onboardings under way keep theirs."
        }
        Msg::AddItem => "Add item",
        Msg::RemoveItem => "Remove",
        Msg::SaveTemplate => "Save template",
        Msg::TemplateSaved => "Template saved.",
        Msg::ItemEmpty => "Enter the item, or remove it.",
        Msg::ItemTooLong => "At most 200 characters.",
        Msg::ItemRepeated => "This item is already in the list.",
        Msg::ItemsCount => "Give 1 to 30 items.",
        Msg::IntervalsHeading => "Contact interval per segment",
        Msg::IntervalLabel => "Contact interval (days)",
        Msg::IntervalHelp => "Leave it empty for no interval (never overdue).",
        Msg::IntervalRange => "Give 1 to 365 days, or leave it empty.",
        Msg::IntervalSaved => "Interval saved.",
        Msg::ColSegment => "Segment",
        Msg::SuccessSettings => "Checklist template and contact intervals",
        // --- Hand-off extras ---
        Msg::ChainOfHands => "Chain of hands",
        Msg::NoChainYet => "This deal has not been handed over yet.",
        Msg::AcceptedAt => "Accepted",
        Msg::SentBackAt => "Sent back",
        Msg::ReceiverInvalid => "Choose another member who holds this role.",
        Msg::HandOverByHand => "Hand over",
        Msg::ReceivingRole => "Receiving role",
        Msg::ReceivingMember => "Receiving member",
        Msg::ChooseMember => "Choose a member",
        Msg::SendHandoff => "Send hand-off",
        Msg::Required => "required",
        Msg::HandoffAlreadyPending => "This deal already has a hand-off waiting for an answer.",
        Msg::HandOverForbidden => {
            "Only the deal's owner in this stage, or a manager, can hand it over."
        }
        Msg::NoteMemo => "Memo",
        Msg::NoteSaved => "Hand-off note saved.",
        Msg::NoteStillMissing => "Required: not filled in yet.",
        Msg::CompleteNote => "Complete the note",
        Msg::SaveNote => "Save note",
        Msg::SettingsPages => "Settings pages",
        Msg::PipelineSettings => "Pipelines",
        Msg::HandoffSettings => "Hand-off settings",
        Msg::HandoffTypes => "Hand-off types",
        Msg::HandoffTypesHelp => {
            "For each type: how long the receiver has to answer (business time: weekdays 9:00–18:00, public holidays off) and which note fields the giver must fill."
        }
        Msg::DeadlineBusinessTime => "Deadline (business time)",
        Msg::Hours => "Hours",
        Msg::Minutes => "Minutes",
        Msg::RequiredNoteFields => "Required note fields",
        Msg::DeadlineInvalid => {
            "Give a deadline from 1 minute to 720 hours (80 business days), minutes from 0 to 59."
        }
        Msg::RejectReasons => "Reasons to send back",
        Msg::RejectReasonsHelp => {
            "The reasons a receiver picks when sending a hand-off back. A retired reason is no longer offered; it stays on past hand-offs and in the numbers."
        }
        Msg::ReasonCodeTaken => "This code is already taken.",
        Msg::ReasonCodeInvalid => {
            "Use lower-case letters, digits and _ (up to 40), or leave it empty."
        }
        Msg::LastReasonStays => "Keep at least one reason offered.",
        Msg::ReasonSaved => "Saved:",
        Msg::ReasonRetired => "Retired:",
        Msg::ReasonOffered => "Offered again:",
        Msg::ReasonMoved => "Moved:",
        Msg::ReasonAdded => "Added:",
        Msg::ReasonRetiredBadge => "Retired",
        Msg::LabelJa => "Label (Japanese)",
        Msg::LabelEn => "Label (English)",
        Msg::ReasonCode => "Code (optional)",
        Msg::ReasonCodeHelp => {
            "Leave the code empty to make it from the English label (Too early → too_early)."
        }
        Msg::AddReason => "Add reason",
        Msg::RetireReason => "Retire",
        Msg::OfferReason => "Offer again",
        Msg::WonCredit => "Won deals: credit per role",
        Msg::WonCreditHelp => {
            "For each deal won in the period, every member who carried it is credited in their role: the appointer who set it, the closers who carried and won it, customer success who took it over."
        }
        Msg::NoWonDeals => "No deals won in this period.",
        Msg::ColRole => "Role",
        Msg::ColWonDeals => "Won deals",
        Msg::ColWonAmount => "Amount",
        Msg::ScriptsTitle => "Talk scripts",
        Msg::ScriptsBack => "← Talk scripts",
        Msg::ScriptsBackToScript => "← Back to the script",
        Msg::ScriptsLeadEditor => {
            "Write a talk script per pipeline and purpose, edit its draft and publish it. Appointers call with the published version."
        }
        Msg::ScriptsLeadReader => {
            "The published talk scripts. Open one to read its published version."
        }
        Msg::ScriptsNoneYet => "There are no talk scripts yet. Create one with the form below.",
        Msg::ScriptsNonePublished => "No talk script has been published yet.",
        Msg::ScriptsName => "Name",
        Msg::ScriptsPurpose => "Purpose",
        Msg::ScriptsPublished => "Published version",
        Msg::ScriptsUpdated => "Last change",
        Msg::ScriptsNotPublished => "Not published",
        Msg::ScriptsNoPipeline => "(no pipeline)",
        Msg::ScriptsNew => "New talk script",
        Msg::ScriptsCreate => "Create and edit",
        Msg::ScriptsNameRequired => "Enter a name.",
        Msg::ScriptsPipelineRequired => "Choose a pipeline.",
        Msg::ScriptsPipelineUnknown => "This pipeline does not exist; choose another.",
        Msg::ScriptsChoose => "— Choose —",
        Msg::ScriptsEditorsOnly => "Only managers and admins can edit talk scripts.",
        Msg::ScriptsReadersOnly => "Talk scripts are for managers, admins, appointers and closers.",
        Msg::ScriptsNotFound => "This talk script does not exist or has not been published yet.",
        Msg::ScriptsNotPublishedYet => "This talk script has not been published yet.",
        Msg::ScriptsPublish => "Publish",
        Msg::ScriptsSaved => "All changes saved",
        Msg::ScriptsSaving => "Saving…",
        Msg::ScriptsUnsaved => "Unsaved changes",
        Msg::ScriptsConflictStatus => "Not saved (conflict)",
        Msg::ScriptsWaitForSave => "Wait for the save to finish, then publish again.",
        Msg::ScriptsResolveConflict => "First choose which draft to keep.",
        Msg::ScriptsConflictTitle => "Another manager saved first",
        Msg::ScriptsConflictDiff => "How your draft differs",
        Msg::ScriptsTakeTheirs => "Load their draft (discard mine)",
        Msg::ScriptsKeepMine => "Keep mine (save over theirs)",
        Msg::ScriptsTookTheirs => "Their draft is loaded.",
        Msg::ScriptsRestoreTitle => "Unsaved changes found",
        Msg::ScriptsRestore => "Restore",
        Msg::ScriptsDiscardKept => "Discard",
        Msg::ScriptsUndo => "Undo",
        Msg::ScriptsUndone => "Deletion undone.",
        Msg::ScriptsSteps => "Steps",
        Msg::ScriptsStart => "First step",
        Msg::ScriptsNoSteps => "No steps yet.",
        Msg::ScriptsAddStep => "Add step",
        Msg::ScriptsAddSharedStep => "Add shared objection step",
        Msg::ScriptsStartBadge => "Start",
        Msg::ScriptsSharedBadge => "Shared objection",
        Msg::ScriptsUnreachableBadge => "Unreachable",
        Msg::ScriptsDelete => "Delete",
        Msg::ScriptsKey => "Key",
        Msg::ScriptsKeyHint => {
            "A name unique in the script, used as the answers' destination (e.g. opening)."
        }
        Msg::ScriptsText => "What to say",
        Msg::ScriptsVariables => "Insert a variable",
        Msg::ScriptsSharedToggle => {
            "Shared objection step (can be opened from any step during a call)"
        }
        Msg::ScriptsArticle => "Knowledge-base article",
        Msg::ScriptsNoArticle => "None",
        Msg::ScriptsAnswers => "Customer's answers",
        Msg::ScriptsAddAnswer => "Add answer",
        Msg::ScriptsAnswerLabel => "What the customer says",
        Msg::ScriptsLeadsTo => "Leads to",
        Msg::ScriptsReason => "Reason (not interested)",
        Msg::ScriptsToStep => "Next step",
        Msg::ScriptsToOutcome => "Outcome (ends the call)",
        Msg::ScriptsFlow => "Flow",
        Msg::ScriptsFlowHint => {
            "Steps run left to right by depth from the start. Lines show where answers lead; dashed lines go back. Choose a step to go to it."
        }
        Msg::ScriptsLaneMain => "Main flow (from the start)",
        Msg::ScriptsLaneShared => "Shared objections (from anywhere)",
        Msg::ScriptsLaneUnreachable => "Unreachable steps",
        Msg::ScriptsNodeNoAnswers => "No answers",
        Msg::ScriptsNoProblems => "No problems: ready to publish.",
        Msg::ScriptsProblemsHint => {
            "Choose a problem to go to what to fix. Publishing needs all of them fixed."
        }
        Msg::ScriptsVersions => "Published versions",
        Msg::ScriptsNoVersions => "Not published yet.",
        Msg::ScriptsCurrentBadge => "Live",
        Msg::ScriptsVersionTitle => "Talk script version",
        Msg::ScriptsChanges => "Changes",
        Msg::ScriptsFirstVersion => "This is the first version.",
        Msg::ScriptsNoChanges => "Nothing changed from the version before.",
        Msg::ScriptsDiffAdded => "Added",
        Msg::ScriptsDiffRemoved => "Removed",
        Msg::ScriptsDiffChanged => "Changed",
        Msg::CallNav => "Calls",
        Msg::CallQueue => "Call queue",
        Msg::CallQueueLead => {
            "Your deals whose planned call is due, and those never called yet, soonest first."
        }
        Msg::CallQueueEmpty => "No deals are due for a call right now.",
        Msg::CallQueueDone => "No more calls are due in your queue.",
        Msg::CallColDeal => "Deal",
        Msg::CallColContact => "Contact",
        Msg::CallColDue => "Due",
        Msg::CallColScript => "Script",
        Msg::CallStart => "Start call",
        Msg::CallNoScript => "No published script",
        Msg::CallNoContact => "No contact on file",
        Msg::CallDuePlanned => "Planned call",
        Msg::CallDueNeverCalled => "Never called",
        Msg::CallRoleOnly => "Calls are made by appointers and managers.",
        Msg::CallStartRefused => {
            "The call could not start. Check that a script is published for this deal's pipeline."
        }
        Msg::CallNotYours => "This call or deal is not yours.",
        Msg::CallNotFound => "This call was not found.",
        Msg::CallMode => "Call mode",
        Msg::CallBackToQueue => "Back to the call queue",
        Msg::CallPerson => "Person to call",
        Msg::CallStepPrefix => "Step: ",
        Msg::CallObjectionPrefix => "Objection: ",
        Msg::CallObjections => "Objections",
        Msg::CallAnswers => "The customer's answers",
        Msg::CallDetour => "Showing an objection; nothing is recorded until you pick an answer.",
        Msg::CallLeaveObjection => "Return to the step",
        Msg::CallLost => "This answer leads nowhere in the script; go back one step.",
        Msg::CallBack => "Back",
        Msg::CallArticle => "Article",
        Msg::CallNoArticle => "This step has no linked article.",
        Msg::CallAtStart => "This is the first step; there is nothing to go back to.",
        Msg::CallClose => "Close",
        Msg::CallDismiss => "Dismiss",
        Msg::CallEnd => "End the call",
        Msg::CallEndPrefix => "End the call: ",
        Msg::CallNotes => "Notes",
        Msg::CallNotesHint => {
            "Notes on this step are recorded with the next answer (notes left at the end go into the call's record). Press Escape to leave the field and use the shortcut keys."
        }
        Msg::CallPath => "Path so far",
        Msg::CallPathEmpty => "No answers yet.",
        Msg::CallNow => "Now: ",
        Msg::CallDiverged => {
            "The server has this call somewhere other than the screen showed; this is where it really is."
        }
        Msg::CallConflict => {
            "This call was moved on elsewhere (another tab or device) or is already finished. This is where the server has it."
        }
        Msg::CallRefused => "The server refused that answer. This is where it has the call.",
        Msg::CallServerFailed => {
            "The server failed and did not record that answer. This is where it has the call."
        }
        Msg::CallReloadFailed => "The call could not be loaded again. Reload the page.",
        Msg::CallAlreadyFinished => "This call is already finished.",
        Msg::CallFinishTitle => "Finish the call",
        Msg::CallFinishAppointment => "Book the meeting and finish",
        Msg::CallFinishCallBack => "Schedule the call back and finish",
        Msg::CallFinishNotInterested => "Finish as not interested",
        Msg::CallFinishWrongContact => "Finish as wrong contact",
        Msg::CallFinishNoAnswer => "Finish as no answer",
        Msg::CallFinishing => "Recording the call…",
        Msg::CallSavingAnswers => "Waiting for the answers to be saved…",
        Msg::CallContinue => "Continue the call",
        Msg::CallMeetingAt => "Meeting time",
        Msg::CallCallBackAt => "Call back at",
        Msg::CallCloser => "Closer",
        Msg::CallChooseCloser => "Choose a closer",
        Msg::CallCloserFromDeal => "The deal's closer",
        Msg::CallCloserFromRouting => "Suggested by the team's routing",
        Msg::CallReason => "Why not interested",
        Msg::CallMeetingRequired => "Give the meeting's date and time.",
        Msg::CallCallBackRequired => "Give when to call again.",
        Msg::CallTimeInvalid => "Enter a valid date and time.",
        Msg::CallTimePast => "Choose a time that is still to come.",
        Msg::CallCloserRequired => "Choose the closer who holds the meeting.",
        Msg::CallCloserInvalid => "That member is not an active closer; choose another.",
        Msg::CallReasonRequired => "Give the reason.",
        Msg::CallCannotHandOff => {
            "This deal is not in a stage from which an appointment is handed to closers."
        }
        Msg::CallRecorded => "Call recorded",
        Msg::CallHandedOff => {
            "The deal moved to the closers' stage and the hand-off was sent; complete its note from your sent hand-offs."
        }
        Msg::CallSentHandoffs => "Sent hand-offs",
        Msg::CallOpenDeal => "Open the deal",
        Msg::KbTitle => "Knowledge base",
        Msg::KbLead => {
            "Objection handling, product and competitor facts, found in seconds during a call."
        }
        Msg::KbNewArticle => "New article",
        Msg::KbSearchLabel => "Search articles",
        Msg::KbSearchHint => {
            "Results follow your typing; any part of a title, text or tag matches."
        }
        Msg::KbSearchInvalid => "Enter at most 200 characters to search for.",
        Msg::KbNoAccess => "Your roles do not allow you to see this.",
        Msg::KbCategory => "Category",
        Msg::KbAllCategories => "All categories",
        Msg::KbArticles => "Articles",
        Msg::KbNoArticles => "There are no articles in this category yet.",
        Msg::KbNothingFound => "No article matches. Try another word.",
        Msg::KbTags => "Tags",
        Msg::KbCategoryObjection => "Objection handling",
        Msg::KbCategoryProduct => "Product",
        Msg::KbCategoryCompetitor => "Competitor",
        Msg::OutcomeAppointmentSet => "Appointment set",
        Msg::OutcomeCallBack => "Call back",
        Msg::OutcomeNotInterested => "Not interested",
        Msg::OutcomeWrongContact => "Wrong contact",
        Msg::OutcomeNoAnswer => "No answer",
        Msg::KbTitleRequired => "Enter a title.",
        Msg::KbTitleTooLong => "A title has at most 200 characters.",
        Msg::KbBodyRequired => "Enter the text.",
        Msg::KbBodyTooLong => "The text has at most 20,000 characters.",
        Msg::KbTagsTooMany => "At most 20 tags.",
        Msg::KbTagTooLong => "Each tag has at most 40 characters.",
        Msg::KbEditorsOnly => "Only managers and sales admins write and edit articles.",
        Msg::KbArticleTitle => "Title",
        Msg::KbBody => "Text",
        Msg::KbBodyHint => "A blank line starts a new paragraph.",
        Msg::KbTagsHint => "Separate tags with commas.",
        Msg::KbWriteArticle => "The article",
        Msg::KbCreateArticle => "Create article",
        Msg::KbArticle => "Article",
        Msg::KbArticleNotFound => "Article not found",
        Msg::KbBackToList => "Back to the knowledge base",
        Msg::KbConflictReload => "Someone else changed this article. Reload the page to see it.",
        Msg::KbConflictHeading => "Someone else changed this article",
        Msg::KbConflictBody => {
            "Your edit is not saved yet. Compare it with their version and choose."
        }
        Msg::KbConflictTheirs => "Theirs (saved)",
        Msg::KbAbout => "About this article",
        Msg::KbWrittenBy => "Written by",
        Msg::KbWrittenAt => "Written",
        Msg::KbLastEdited => "Last edited",
        Msg::KbEditArticle => "Edit article",
        Msg::KbDealSection => "Knowledge base",
        Msg::KbLinkedArticles => "Linked articles",
        Msg::KbNoLinks => "No articles are linked to this deal yet.",
        Msg::KbFindToLink => "Find an article to link",
        Msg::KbFoundArticles => "Articles found",
        Msg::KbNothingToLink => "No article found that is not linked already.",
        Msg::KbLink => "Link",
        Msg::KbUnlink => "Unlink",
        Msg::KbLinked => "Linked",
        Msg::KbUnlinked => "Unlinked",
        Msg::KbLinkForbidden => "Only the deal's owners, managers and sales admins link articles.",
        Msg::KbAlreadyLinked => "This article is linked already.",
        Msg::KbLinkGone => "That link is no longer there; the list has been refreshed.",
        Msg::KbLinkInvalid => "That article no longer exists.",
        Msg::KbAuditArticle => "Linked article",
        Msg::KbNumbers => "Script numbers",
        Msg::KbNumbersManagersOnly => "Script numbers are for managers and sales admins.",
        Msg::KbScriptNotFound => "Script not found.",
        Msg::KbNotPublished => {
            "This script has not been published yet. Numbers appear once calls finish on a published version."
        }
        Msg::KbNoSuchVersion => "There is no such version; choose another.",
        Msg::KbVersion => "Version",
        Msg::KbCompareWith => "Compare with",
        Msg::KbNoCompare => "No comparison",
        Msg::KbRatesExplained => {
            "Each rate is the share of its base (all calls, or the calls that reached the step) that went on to an appointment, a held meeting or a won deal; the counts are beside it (count/base)."
        }
        Msg::KbWorstObjection => "The objection that loses the most calls",
        Msg::KbSummary => "Overview",
        Msg::KbCalls => "Calls",
        Msg::KbMeetingHeld => "Meeting held",
        Msg::KbWon => "Won",
        Msg::KbOutcomes => "Outcomes",
        Msg::KbSharedStep => "Objection",
        Msg::KbLosesMost => "Loses the most",
        Msg::KbFew => "Few",
        Msg::KbPerStep => "Per step",
        Msg::KbPerStepCompared => "Per step, side by side",
        Msg::KbStep => "Step",
        Msg::KbReached => "Reached",
        Msg::KbWentNext => "Went next (per answer)",
        Msg::KbEndedHere => "Ended here",
        Msg::KbMeasure => "Measure",
        Msg::KbNotInVersion => "Not in this version",
    }
}

/// The translated name of a role.
pub fn role_name(locale: Locale, role: Role) -> &'static str {
    let msg = match role {
        Role::Manager => Msg::RoleManager,
        Role::Appointer => Msg::RoleAppointer,
        Role::Closer => Msg::RoleCloser,
        Role::Success => Msg::RoleSuccess,
        Role::Admin => Msg::RoleAdmin,
    };
    text(locale, msg)
}

/// A number of deals: "12件" / "12 deals".
pub fn deal_count(locale: Locale, n: i64) -> String {
    match locale {
        Locale::Ja => format!("{n}件"),
        Locale::En if n == 1 => "1 deal".to_owned(),
        Locale::En => format!("{n} deals"),
    }
}

/// A number of days, short, for a table cell: "5日" / "5 days".
pub fn days(locale: Locale, n: i64) -> String {
    match locale {
        Locale::Ja => format!("{n}日"),
        Locale::En if n == 1 => "1 day".to_owned(),
        Locale::En => format!("{n} days"),
    }
}

/// Time spent in the current stage, in full: "滞在 5日" / "5 days in stage".
pub fn days_in_stage(locale: Locale, n: i64) -> String {
    match locale {
        Locale::Ja => format!("滞在 {n}日"),
        Locale::En if n == 1 => "1 day in stage".to_owned(),
        Locale::En => format!("{n} days in stage"),
    }
}

/// A stall warning: "滞在 20日（基準 14日を超過）" / "20 days in stage (limit 14)".
pub fn stalled_note(locale: Locale, n: i64, limit: i64) -> String {
    match locale {
        Locale::Ja => format!("滞在 {n}日（基準 {limit}日を超過）"),
        Locale::En => format!("{} (limit {limit})", days_in_stage(locale, n)),
    }
}

/// When a deal last changed: "最終更新: …" / "Last updated: …".
pub fn last_updated(locale: Locale, when: &str) -> String {
    match locale {
        Locale::Ja => format!("最終更新: {when}"),
        Locale::En => format!("Last updated: {when}"),
    }
}

/// Where a card is: "商談 の 3 / 12 番目" / "position 3 of 12 in Meeting".
pub fn card_position(locale: Locale, stage: &str, position: usize, of: usize) -> String {
    match locale {
        Locale::Ja => format!("{stage} の {position} / {of} 番目"),
        Locale::En => format!("position {position} of {of} in {stage}"),
    }
}

/// Announcement: a card picked up.
pub fn announce_picked(locale: Locale, title: &str, place: &str) -> String {
    match locale {
        Locale::Ja => format!(
            "{title} を持ち上げました。現在 {place}。矢印キーで移動、Space で置く、Esc で取り消し。"
        ),
        Locale::En => {
            format!("Picked up {title}, {place}. Arrow keys move, Space drops, Escape cancels.")
        }
    }
}

/// Announcement: a picked-up card moved.
pub fn announce_over(locale: Locale, place: &str) -> String {
    match locale {
        Locale::Ja => format!("{place}へ移動。"),
        Locale::En => format!("Moved to {place}."),
    }
}

/// Announcement: a card dropped.
pub fn announce_dropped(locale: Locale, title: &str, place: &str) -> String {
    match locale {
        Locale::Ja => format!("{title} を {place}に置きました。"),
        Locale::En => format!("Dropped {title} at {place}."),
    }
}

/// Announcement: a move cancelled.
pub fn announce_cancelled(locale: Locale, title: &str) -> String {
    match locale {
        Locale::Ja => format!("{title} の移動を取り消しました。"),
        Locale::En => format!("Cancelled moving {title}."),
    }
}

/// A role in a word or two, for cards: "アポ" / "SDR".
pub fn role_short(locale: Locale, role: Role) -> &'static str {
    match (locale, role) {
        (Locale::Ja, Role::Manager) => "マネ",
        (Locale::Ja, Role::Appointer) => "アポ",
        (Locale::Ja, Role::Closer) => "クロ",
        (Locale::Ja, Role::Success) => "CS",
        (Locale::Ja, Role::Admin) => "事務",
        (Locale::En, Role::Manager) => "Mgr",
        (Locale::En, Role::Appointer) => "SDR",
        (Locale::En, Role::Closer) => "AE",
        (Locale::En, Role::Success) => "CSM",
        (Locale::En, Role::Admin) => "Admin",
    }
}

/// A pending hand-off, in full: "高橋 健 の受け取り待ち" / "Waiting for Ken Takahashi to accept".
pub fn handoff_to(locale: Locale, to: &str) -> String {
    match locale {
        Locale::Ja => format!("{to} の受け取り待ち"),
        Locale::En => format!("Waiting for {to} to accept"),
    }
}

/// The add-deal button of a column, in full: "商談 に案件を追加" / "Add deal to Meeting".
pub fn add_deal_to(locale: Locale, stage: &str) -> String {
    match locale {
        Locale::Ja => format!("{stage} に案件を追加"),
        Locale::En => format!("Add deal to {stage}"),
    }
}

/// The question before removing a stage.
pub fn confirm_remove_stage(locale: Locale, stage: &str) -> String {
    match locale {
        Locale::Ja => format!("ステージ「{stage}」を削除しますか？"),
        Locale::En => format!("Remove the stage “{stage}”?"),
    }
}

// --- Settings ---

/// A stage that still has deals: "「定着」にはまだ案件が 3 件あります。…".
pub fn stage_has_deals(locale: Locale, stage: &str, n: i64) -> String {
    match locale {
        Locale::Ja => format!(
            "「{stage}」にはまだ案件が {n} 件あります。先に案件を別のステージへ移動してから削除してください。"
        ),
        Locale::En => format!(
            "“{stage}” still has {}. Move them to another stage first, then remove it.",
            deal_count(locale, n)
        ),
    }
}

/// A stage's settings saved: "「提案」を保存しました。".
pub fn stage_saved(locale: Locale, stage: &str) -> String {
    match locale {
        Locale::Ja => format!("「{stage}」を保存しました。"),
        Locale::En => format!("Saved “{stage}”."),
    }
}

/// A stage moved: "「提案」を 3 / 8 番目に移動しました。".
pub fn stage_moved(locale: Locale, stage: &str, position: usize, of: usize) -> String {
    match locale {
        Locale::Ja => format!("「{stage}」を {position} / {of} 番目に移動しました。"),
        Locale::En => format!("Moved “{stage}” to position {position} of {of}."),
    }
}

// --- Deal detail ---

/// The amount field's label with the deal's currency: "金額（円）" / "Amount (USD)".
pub fn amount_label(locale: Locale, currency: &str) -> String {
    if currency == "JPY" {
        return text(locale, Msg::AmountYen).to_owned();
    }
    match locale {
        Locale::Ja => format!("金額（{currency}）"),
        Locale::En => format!("Amount ({currency})"),
    }
}

/// A time field's label with the zone it is read in: "予定日時（Asia/Tokyo）".
pub fn in_time_zone(locale: Locale, label: Msg, zone: &str) -> String {
    match locale {
        Locale::Ja => format!("{}（{zone}）", text(locale, label)),
        Locale::En => format!("{} ({zone})", text(locale, label)),
    }
}

/// The document title of a page: "案件 | Baton".
pub fn page_title(locale: Locale, msg: Msg) -> String {
    format!("{} | {BRAND}", text(locale, msg))
}

/// The UI language, as a context signal.
#[derive(Clone, Copy, Debug)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The current locale (tracked).
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    /// The current locale, without tracking it.
    pub fn locale_untracked(self) -> Locale {
        self.locale.get_untracked()
    }

    /// The text of `msg` in the current locale (tracked: call it inside a reactive closure).
    pub fn t(self, msg: Msg) -> &'static str {
        text(self.locale.get(), msg)
    }

    /// A reactive closure yielding the text of `msg`, ready to drop into a view or attribute.
    pub fn tr(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || text(self.locale.get(), msg)
    }

    /// An explicit choice on this device: remembered in `localStorage` and applied.
    pub fn choose(self, locale: Locale) {
        store_locale(locale);
        self.locale.set(locale);
    }

    /// Applies a locale that came from elsewhere (the member's setting), without remembering
    /// it as this device's choice.
    pub fn adopt(self, locale: Locale) {
        if self.locale.get_untracked() != locale {
            self.locale.set(locale);
        }
    }
}

/// Creates the locale signal, keeps `<html lang>` in step with it and provides it as context.
pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(initial_locale()),
    };
    set_html_lang(i18n.locale_untracked());
    Effect::new(move || set_html_lang(i18n.locale()));
    provide_context(i18n);
    i18n
}

/// The locale context provided by [`provide_i18n`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Keeps the document title on `msg` (in the current locale) while the calling page is shown.
pub fn use_page_title(msg: Msg) {
    let i18n = use_i18n();
    Effect::new(move || {
        let title = page_title(i18n.locale(), msg);
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&title);
        }
    });
}

/// The language chosen on this device, if any.
pub fn stored_locale() -> Option<Locale> {
    let raw = local_storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    Locale::from_tag(raw.trim().trim_matches('"'))
}

fn store_locale(locale: Locale) {
    if let Some(storage) = local_storage() {
        // A full or disabled storage only costs the memory of the choice.
        let _ = storage.set_item(STORAGE_KEY, locale.as_str());
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The device's choice, else the first of the browser's languages Baton speaks, else Japanese.
fn initial_locale() -> Locale {
    stored_locale().or_else(browser_locale).unwrap_or_default()
}

fn browser_locale() -> Option<Locale> {
    let navigator = web_sys::window()?.navigator();
    let from_list = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .find_map(|tag| Locale::from_tag(&tag));
    from_list.or_else(|| navigator.language().and_then(|tag| Locale::from_tag(&tag)))
}

fn set_html_lang(locale: Locale) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", locale.as_str());
    }
}

// --- Hand-offs ---

/// The label of a hand-off note field; a field the manager named themselves shows as named.
pub fn note_field(locale: Locale, key: &str) -> String {
    let msg = match key {
        "need" => Msg::NoteNeed,
        "budget" => Msg::NoteBudget,
        "decision_maker" => Msg::NoteDecisionMaker,
        "timing" => Msg::NoteTiming,
        "promised" => Msg::NotePromised,
        "contract_terms" => Msg::NoteContractTerms,
        "deliverables" => Msg::NoteDeliverables,
        "key_contacts" => Msg::NoteKeyContacts,
        "risks" => Msg::NoteRisks,
        "memo" => Msg::NoteMemo,
        other => return other.replace('_', " "),
    };
    text(locale, msg).to_owned()
}

/// Who handed to whom: "佐藤 美咲（アポインター）→ 伊藤 大輔（クローザー）".
pub fn handoff_route(
    locale: Locale,
    from: &str,
    from_role: Role,
    to: &str,
    to_role: Role,
) -> String {
    match locale {
        Locale::Ja => format!(
            "{from}（{}）→ {to}（{}）",
            role_name(locale, from_role),
            role_name(locale, to_role)
        ),
        Locale::En => format!(
            "{from} ({}) → {to} ({})",
            role_name(locale, from_role),
            role_name(locale, to_role)
        ),
    }
}

/// Business time, shortly: "2時間15分" / "2 h 15 min".
pub fn business_duration(locale: Locale, minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (locale, h) {
        (Locale::Ja, 0) => format!("{m}分"),
        (Locale::Ja, _) => format!("{h}時間{m}分"),
        (Locale::En, 0) => format!("{m} min"),
        (Locale::En, _) => format!("{h} h {m} min"),
    }
}

/// A hand-off's direction: "アポインター → クローザー".
pub fn edge(locale: Locale, from: Role, to: Role) -> String {
    format!("{} → {}", role_name(locale, from), role_name(locale, to))
}

// --- Team ---

/// A member's role, as a toggle of the matrix names it: "田中 誠: クローザー".
pub fn member_role(locale: Locale, name: &str, role: Role) -> String {
    format!("{name}: {}", role_name(locale, role))
}

/// The edit button of a member's role: "田中 誠: クローザー の設定を編集".
pub fn edit_member_role(locale: Locale, name: &str, role: Role) -> String {
    match locale {
        Locale::Ja => format!("{} の設定を編集", member_role(locale, name, role)),
        Locale::En => format!("Edit {} settings", member_role(locale, name, role)),
    }
}

/// The heading of a member's role settings: "田中 誠（クローザー）の設定".
pub fn member_role_settings(locale: Locale, name: &str, role: Role) -> String {
    match locale {
        Locale::Ja => format!("{name}（{}）の設定", role_name(locale, role)),
        Locale::En => format!("{name}: {} settings", role_name(locale, role)),
    }
}

/// A role given or taken away: "田中 誠 に「クローザー」を付けました。".
pub fn role_changed(locale: Locale, name: &str, role: Role, held: bool) -> String {
    let r = role_name(locale, role);
    match (locale, held) {
        (Locale::Ja, true) => format!("{name} に「{r}」を付けました。"),
        (Locale::Ja, false) => format!("{name} から「{r}」を外しました。"),
        (Locale::En, true) => format!("{name} now holds {r}."),
        (Locale::En, false) => format!("{name} no longer holds {r}."),
    }
}

/// A member's role settings saved.
pub fn member_role_saved(locale: Locale, name: &str, role: Role) -> String {
    match locale {
        Locale::Ja => format!(
            "{name}（{}）の設定を保存しました。",
            role_name(locale, role)
        ),
        Locale::En => format!("Saved {name}’s {} settings.", role_name(locale, role)),
    }
}

/// Names in a row: "首都圏、関西" / "Kanto, Kansai".
pub fn name_list(locale: Locale, names: &[String]) -> String {
    match locale {
        Locale::Ja => names.join("、"),
        Locale::En => names.join(", "),
    }
}

/// Open items against their limit: "未完了 12 / 20 件" / "12 / 20 open"; at the limit it says
/// so in words ("（上限）" / "(full)"), never by colour alone.
pub fn load_open(locale: Locale, open: u32, cap: Option<u32>) -> String {
    let full = cap.is_some_and(|c| open >= c);
    match (locale, cap) {
        (Locale::Ja, None) => format!("未完了 {open} 件（上限なし）"),
        (Locale::Ja, Some(c)) if full => format!("未完了 {open} / {c} 件（上限）"),
        (Locale::Ja, Some(c)) => format!("未完了 {open} / {c} 件"),
        (Locale::En, None) => format!("{open} open (no limit)"),
        (Locale::En, Some(c)) if full => format!("{open} / {c} open (full)"),
        (Locale::En, Some(c)) => format!("{open} / {c} open"),
    }
}

/// Items routed today against the daily limit: "本日 3 / 10 件" / "3 / 10 today".
pub fn load_today(locale: Locale, today: u32, cap: Option<u32>) -> String {
    let full = cap.is_some_and(|c| today >= c);
    match (locale, cap) {
        (Locale::Ja, None) => format!("本日 {today} 件（上限なし）"),
        (Locale::Ja, Some(c)) if full => format!("本日 {today} / {c} 件（上限）"),
        (Locale::Ja, Some(c)) => format!("本日 {today} / {c} 件"),
        (Locale::En, None) => format!("{today} today (no limit)"),
        (Locale::En, Some(c)) if full => format!("{today} / {c} today (full)"),
        (Locale::En, Some(c)) => format!("{today} / {c} today"),
    }
}

/// An eligible member's verdict with their weight: "次の担当（重み 2）" / "Next (weight 2)".
pub fn with_weight(locale: Locale, what: &str, w: u32) -> String {
    match locale {
        Locale::Ja => format!("{what}（重み {w}）"),
        Locale::En => format!("{what} (weight {w})"),
    }
}

/// Verdict: at the open-item limit.
pub fn verdict_full_open(locale: Locale, open: u32, cap: Option<u32>) -> String {
    let c = cap.unwrap_or(open);
    match locale {
        Locale::Ja => format!("同時に持てる件数の上限に達しています（{open} / {c} 件）"),
        Locale::En => format!("At the open-item limit ({open} / {c})"),
    }
}

/// Verdict: at today's limit.
pub fn verdict_full_today(locale: Locale, today: u32, cap: Option<u32>) -> String {
    let c = cap.unwrap_or(today);
    match locale {
        Locale::Ja => format!("本日の上限に達しています（{today} / {c} 件）"),
        Locale::En => format!("At today’s limit ({today} / {c})"),
    }
}

/// Who gets the next item: "次の担当: 伊藤 大輔" / "Next: 伊藤 大輔".
pub fn preview_next(locale: Locale, name: &str) -> String {
    match locale {
        Locale::Ja => format!("次の担当: {name}"),
        Locale::En => format!("Next: {name}"),
    }
}

/// Days away: "2026/12/01〜2026/12/03" / "Dec 1, 2026 – Dec 3, 2026"; one day: that day.
pub fn absence_period(locale: Locale, from: &str, to: &str) -> String {
    if from == to {
        return from.to_owned();
    }
    match locale {
        Locale::Ja => format!("{from}〜{to}"),
        Locale::En => format!("{from} – {to}"),
    }
}

/// The remove button of an absence: "佐藤 美咲 の不在（…）を削除".
pub fn remove_absence(locale: Locale, name: &str, period: &str) -> String {
    match locale {
        Locale::Ja => format!("{name} の不在（{period}）を削除"),
        Locale::En => format!("Remove {name}’s absence ({period})"),
    }
}

/// A territory and the segments a gap concerns there (`None`: all of them).
pub type GapPlace = (String, Option<Vec<String>>);

/// Where a gap is: every place (`None`), or territories (all their segments, or some).
pub fn gap_places(locale: Locale, places: Option<&[GapPlace]>) -> String {
    let Some(places) = places else {
        return match locale {
            Locale::Ja => "すべての担当エリアと顧客グループ".to_owned(),
            Locale::En => "every territory and segment".to_owned(),
        };
    };
    let one = |(t, segs): &GapPlace| match (locale, segs) {
        (Locale::Ja, None) => format!("{t}（すべての顧客グループ）"),
        (Locale::En, None) => format!("{t} (all segments)"),
        (Locale::Ja, Some(s)) => format!("{t} × {}", s.join("・")),
        (Locale::En, Some(s)) => format!("{t} × {}", s.join(", ")),
    };
    let parts: Vec<String> = places.iter().map(one).collect();
    match locale {
        Locale::Ja => parts.join("、"),
        Locale::En => parts.join("; "),
    }
}

/// A gap warning: "クローザー: 担当者が全員本日不在です — 中部（すべての顧客グループ）".
pub fn gap_line(locale: Locale, role: Role, all_absent: bool, places: &str) -> String {
    let r = role_name(locale, role);
    match (locale, all_absent) {
        (Locale::Ja, false) => format!("{r}: 担当者がいません — {places}"),
        (Locale::Ja, true) => format!("{r}: 担当者が全員本日不在です — {places}"),
        (Locale::En, false) => format!("{r}: nobody covers {places}"),
        (Locale::En, true) => format!("{r}: everyone covering {places} is away today"),
    }
}

// --- Customer success ---

/// Days since a contact: "今日" / "today", "3日前" / "3 days ago".
pub fn days_ago(locale: Locale, days: u32) -> String {
    match (locale, days) {
        (Locale::Ja, 0) => "今日".into(),
        (Locale::Ja, n) => format!("{n}日前"),
        (Locale::En, 0) => "today".into(),
        (Locale::En, 1) => "1 day ago".into(),
        (Locale::En, n) => format!("{n} days ago"),
    }
}

/// Never contacted, counted from the take-over: "未接触（引き継ぎから3日）".
pub fn never_contacted(locale: Locale, days: u32) -> String {
    match locale {
        Locale::Ja => format!("未接触（引き継ぎから{days}日）"),
        Locale::En if days == 1 => "Never (1 day since the hand-over)".into(),
        Locale::En => format!("Never ({days} days since the hand-over)"),
    }
}

/// Days past the interval: "5日超過" / "5 days overdue".
pub fn days_overdue(locale: Locale, days: u32) -> String {
    match locale {
        Locale::Ja => format!("{days}日超過"),
        Locale::En if days == 1 => "1 day overdue".into(),
        Locale::En => format!("{days} days overdue"),
    }
}

/// A segment's interval: "14日ごと" / "every 14 days"; none: "連絡期限なし".
pub fn every_days(locale: Locale, days: Option<u32>) -> String {
    match (locale, days) {
        (Locale::Ja, Some(n)) => format!("{n}日ごと"),
        (Locale::Ja, None) => "連絡期限なし".into(),
        (Locale::En, Some(1)) => "every day".into(),
        (Locale::En, Some(n)) => format!("every {n} days"),
        (Locale::En, None) => "no interval".into(),
    }
}

/// A template item's name for controls: "項目 3" / "Item 3".
pub fn item_n(locale: Locale, n: usize) -> String {
    match locale {
        Locale::Ja => format!("項目 {n}"),
        Locale::En => format!("Item {n}"),
    }
}

// --- Hand-off extras ---

/// After handing over: "鈴木 一郎 さんに引き継ぎました。" / "Handed over to 鈴木 一郎."
pub fn handed_over_to(locale: Locale, to: &str) -> String {
    match locale {
        Locale::Ja => format!("{to} さんに引き継ぎました。受け入れを待っています。"),
        Locale::En => format!("Handed over to {to}; waiting for them to accept."),
    }
}

/// A field's label marked required: "予算（必須）" / "Budget (required)".
pub fn required_field(locale: Locale, name: &str) -> String {
    match locale {
        Locale::Ja => format!("{name}（{}）", text(locale, Msg::Required)),
        Locale::En => format!("{name} ({})", text(locale, Msg::Required)),
    }
}

/// A type's deadline as saved: "現在の期限：4時間0分（営業時間）" / "Deadline now: 4 h 0 min of business time".
pub fn deadline_now(locale: Locale, minutes: u32) -> String {
    let d = business_duration(locale, i64::from(minutes));
    match locale {
        Locale::Ja => format!("現在の期限：{d}（営業時間）"),
        Locale::En => format!("Deadline now: {d} of business time"),
    }
}

/// A type's save button, in full: "アポの引き継ぎを保存" / "Save Appointment".
pub fn save_type(locale: Locale, kind: &str) -> String {
    match locale {
        Locale::Ja => format!("{kind}を保存"),
        Locale::En => format!("Save {kind}"),
    }
}

/// A button's accessible name with what it acts on: "廃止：早すぎる" / "Retire: Too early".
pub fn action_on(locale: Locale, action: Msg, name: &str) -> String {
    match locale {
        Locale::Ja => format!("{}：{name}", text(locale, action)),
        Locale::En => format!("{}: {name}", text(locale, action)),
    }
}

/// The name of a call's outcome, the same on every page (editor, call mode, numbers).
pub fn outcome_msg(o: shared::script::Outcome) -> Msg {
    use shared::script::Outcome;
    match o {
        Outcome::AppointmentSet => Msg::OutcomeAppointmentSet,
        Outcome::CallBack => Msg::OutcomeCallBack,
        Outcome::NotInterested => Msg::OutcomeNotInterested,
        Outcome::WrongContact => Msg::OutcomeWrongContact,
        Outcome::NoAnswer => Msg::OutcomeNoAnswer,
    }
}
