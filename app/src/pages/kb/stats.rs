//! A talk script's numbers (`/scripts/:id/stats?version=N&compare=M`, managers and sales
//! admins): for a version (the published one unless the URL names another) the finished
//! calls, their outcomes and the rates to appointment set, meeting held and won, every rate
//! with its counts beside it and a caveat when the base is small; then each step in the
//! script's order (shared objection steps marked): how many calls reached it, where they went
//! next, where they ended, and its rates. The objection that loses the most calls stands out
//! at the top. With a second version, the two stand side by side, step by step (a step in one
//! version only is marked). The versions picked are in the URL.

use super::logic::{StepPair, excerpt, is_small, pair_steps, stats_href};
use super::text::{
    counted, leads_to, no_calls_yet, numbers_of, only_in, outcome_msg, rate_text, small_caveat,
    small_legend, version_name, version_option, with_version, worst_line,
};
use crate::app::{is_unauthorized, use_session};
use crate::i18n::{Msg, text, use_i18n, use_page_title};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::api::{OutcomeCount, Rate, Script, ScriptStats, StatsQuery, StepStats, VersionStats};
use shared::script::ScriptGraph;
use shared::{Locale, Role, ScriptId};
use std::collections::HashMap;

/// Step texts by key, for the versions shown.
type Texts = HashMap<(i32, String), String>;

/// Whether the member reads the numbers (managers and sales admins).
fn reads_numbers(m: &shared::api::Me) -> bool {
    m.has(Role::Manager) || m.has(Role::Admin)
}

/// `/scripts/:id/stats`.
#[component]
pub fn ScriptStatsPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let query = use_query_map();
    use_page_title(Msg::KbNumbers);
    let allowed = Memo::new(move |_| session.with_me(|m| m.is_some_and(reads_numbers)));
    let id = crate::components::route::route_id(ScriptId);
    let wanted = Memo::new(move |_| {
        query.with(|q| {
            let n = |k: &str| q.get_str(k).and_then(|v| v.parse::<i32>().ok());
            StatsQuery {
                version: n("version"),
                compare: n("compare"),
            }
        })
    });
    let attempt = RwSignal::new(0u32);
    let script = LocalResource::new(move || {
        attempt.track();
        let id = id.get();
        let ok = allowed.get();
        let client = session.client();
        async move {
            match (id, ok) {
                (Some(id), true) => Some(client.script(id).await),
                _ => None,
            }
        }
    });
    let stats = LocalResource::new(move || {
        attempt.track();
        let id = id.get();
        let q = wanted.get();
        let ok = allowed.get();
        let client = session.client();
        async move {
            match (id, ok) {
                (Some(id), true) => {
                    let stats = client.script_stats(id, &q).await;
                    // The step texts of the versions shown (the numbers name steps by key).
                    let mut texts = Texts::new();
                    if let Ok(s) = &stats {
                        let numbers = std::iter::once(s.stats.version)
                            .chain(s.compare.as_ref().map(|c| c.version));
                        for n in numbers {
                            if let Ok(v) = client.script_version(id, n).await {
                                add_texts(&mut texts, n, &v.graph);
                            }
                        }
                    }
                    Some(stats.map(|s| (s, texts)))
                }
                _ => None,
            }
        }
    });
    let heading = move || {
        let locale = i18n.locale();
        match script.get().flatten() {
            Some(Ok(s)) => numbers_of(locale, &s.name),
            _ => text(locale, Msg::KbNumbers).to_owned(),
        }
    };
    let body = move || {
        if !allowed.get() {
            return view! { <p role="alert" class="alert alert--error">{i18n.tr(Msg::KbNumbersManagersOnly)}</p> }
                .into_any();
        }
        if id.get().is_none() {
            return view! { <p role="alert" class="alert alert--error">{i18n.tr(Msg::KbScriptNotFound)}</p> }
                .into_any();
        }
        let failed = |e: &shared::client::ClientError| {
            if is_unauthorized(e) {
                session.expire();
            }
            let msg = match e.status() {
                Some(404) => Msg::KbScriptNotFound,
                Some(403) => Msg::KbNumbersManagersOnly,
                None => Msg::Unreachable,
                _ => Msg::LoadFailed,
            };
            view! {
                <div class="load-error">
                    <p role="alert" class="alert alert--error">{i18n.tr(msg)}</p>
                    <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                        {i18n.tr(Msg::Retry)}
                    </button>
                </div>
            }
            .into_any()
        };
        let loading =
            || view! { <p role="status" class="status">{i18n.tr(Msg::Loading)}</p> }.into_any();
        let s = match script.get().flatten() {
            None => return loading(),
            Some(Err(e)) => return failed(&e),
            Some(Ok(s)) => s,
        };
        if s.versions.is_empty() {
            return view! { <p class="empty">{i18n.tr(Msg::KbNotPublished)}</p> }.into_any();
        }
        match stats.get().flatten() {
            None => view! { <Picker script=s.clone() shown=None /> {loading()} }.into_any(),
            Some(Err(e)) if e.status() == Some(404) => view! {
                <Picker script=s.clone() shown=None />
                <p role="alert" class="alert alert--error">{i18n.tr(Msg::KbNoSuchVersion)}</p>
            }
            .into_any(),
            Some(Err(e)) => failed(&e),
            Some(Ok((st, texts))) => {
                let shown = Some((st.stats.version, st.compare.as_ref().map(|c| c.version)));
                view! {
                    <Picker script=s.clone() shown=shown />
                    <Numbers stats=st texts=texts />
                }
                .into_any()
            }
        }
    };
    view! {
        <div class="page page--kb-stats">
            <div class="page__head">
                <div>
                    <p class="crumbs">
                        // Back to the script these are the numbers of.
                        <A href=move || {
                            id.get().map_or_else(|| "/scripts".to_owned(), |id| format!("/scripts/{id}"))
                        }>{i18n.tr(Msg::ScriptsBackToScript)}</A>
                    </p>
                    <h1 class="page__title">{heading}</h1>
                </div>
            </div>
            {body}
        </div>
    }
}

fn add_texts(texts: &mut Texts, n: i32, g: &ScriptGraph) {
    for s in &g.steps {
        texts.insert((n, s.key.clone()), excerpt(&s.text, 48));
    }
}

/// The version picker and the version to compare with (both go to the URL).
#[component]
fn Picker(script: Script, shown: Option<(i32, Option<i32>)>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let id = script.id;
    let published = script.published_version;
    let current = shown
        .map(|(v, _)| v)
        .or(published)
        .or_else(|| script.versions.first().map(|v| v.number));
    let compare = shown.and_then(|(_, c)| c);
    let numbers: Vec<i32> = script.versions.iter().map(|v| v.number).collect();
    let go = move |version: Option<i32>, compare: Option<i32>| {
        navigate(&stats_href(id, version, compare), Default::default());
    };
    let go2 = go.clone();
    let options = {
        let numbers = numbers.clone();
        move |selected: Option<i32>| {
            numbers
                .iter()
                .map(|n| {
                    let n = *n;
                    view! {
                        <option value=n.to_string() selected=selected == Some(n)>
                            {move || version_option(i18n.locale(), n, published == Some(n))}
                        </option>
                    }
                })
                .collect_view()
        }
    };
    let compare_options = numbers
        .iter()
        .filter(|n| Some(**n) != current)
        .map(|n| {
            let n = *n;
            view! {
                <option value=n.to_string() selected=compare == Some(n)>
                    {move || version_option(i18n.locale(), n, published == Some(n))}
                </option>
            }
        })
        .collect_view();
    view! {
        <form class="filters kb-picker-form" on:submit=|ev| ev.prevent_default()>
            <div class="filter">
                <label class="filter__label" for="stats-version">{i18n.tr(Msg::KbVersion)}</label>
                <select
                    id="stats-version"
                    class="select"
                    on:change=move |ev| {
                        let v = event_target_value(&ev).parse::<i32>().ok();
                        go(v, compare);
                    }
                >
                    {options(current)}
                </select>
            </div>
            <div class="filter">
                <label class="filter__label" for="stats-compare">{i18n.tr(Msg::KbCompareWith)}</label>
                <select
                    id="stats-compare"
                    class="select"
                    on:change=move |ev| {
                        let c = event_target_value(&ev).parse::<i32>().ok();
                        go2(current, c);
                    }
                >
                    <option value="" selected=compare.is_none()>{i18n.tr(Msg::KbNoCompare)}</option>
                    {compare_options}
                </select>
            </div>
        </form>
    }
}

/// The numbers of the version (and of the one compared with).
#[component]
fn Numbers(stats: ScriptStats, texts: Texts) -> impl IntoView {
    let i18n = use_i18n();
    let lead = view! { <p class="page__lead">{i18n.tr(Msg::KbRatesExplained)}</p> };
    match stats.compare {
        None => {
            let v = stats.stats;
            if v.calls == 0 {
                let n = v.version;
                return view! { <p class="empty">{move || no_calls_yet(i18n.locale(), n)}</p> }
                    .into_any();
            }
            view! {
                <Worst versions=vec![v.clone()] />
                <Caveats versions=vec![v.clone()] />
                {lead}
                <Summary v=v.clone() />
                <StepTable v=v texts=texts />
            }
            .into_any()
        }
        Some(c) => {
            let a = stats.stats;
            if a.calls == 0 && c.calls == 0 {
                let (na, nb) = (a.version, c.version);
                return view! {
                    <p class="empty">
                        {move || no_calls_yet(i18n.locale(), na)} " " {move || no_calls_yet(i18n.locale(), nb)}
                    </p>
                }
                .into_any();
            }
            view! {
                <Worst versions=vec![a.clone(), c.clone()] />
                <Caveats versions=vec![a.clone(), c.clone()] />
                {lead}
                <CompareSummary a=a.clone() b=c.clone() />
                <CompareSteps a=a b=c texts=texts />
            }
            .into_any()
        }
    }
}

/// The objection that loses the most calls, per version shown.
#[component]
fn Worst(versions: Vec<VersionStats>) -> impl IntoView {
    let i18n = use_i18n();
    let several = versions.len() > 1;
    let lines: Vec<(i32, String, Rate)> = versions
        .into_iter()
        .filter_map(|v| v.worst_objection.map(|w| (v.version, w.key, w.lost)))
        .collect();
    (!lines.is_empty()).then(|| {
        view! {
            <section class="kb-worst" aria-labelledby="kb-worst-heading">
                <h2 id="kb-worst-heading" class="kb-worst__title">{i18n.tr(Msg::KbWorstObjection)}</h2>
                <ul class="kb-worst__list">
                    {lines
                        .into_iter()
                        .map(|(n, key, lost)| view! {
                            <li>
                                {several.then(|| view! { <span class="badge">{move || version_name(i18n.locale(), n)}</span> " " })}
                                <strong>{move || worst_line(i18n.locale(), &key, &lost)}</strong>
                            </li>
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// The small-numbers caveat for each version whose base is small.
#[component]
fn Caveats(versions: Vec<VersionStats>) -> impl IntoView {
    let i18n = use_i18n();
    let several = versions.len() > 1;
    versions
        .into_iter()
        .filter(|v| is_small(v.calls))
        .map(|v| {
            let (n, calls) = (v.version, v.calls);
            view! {
                <p class="kb-caveat" role="note">
                    {several.then(|| view! { <strong>{move || version_name(i18n.locale(), n)}</strong> " " })}
                    {move || small_caveat(i18n.locale(), calls)}
                </p>
            }
        })
        .collect_view()
}

fn outcome_list(locale: Locale, list: &[OutcomeCount]) -> AnyView {
    if list.is_empty() {
        return view! { <span class="kb-none">"—"</span> }.into_any();
    }
    view! {
        <ul class="kb-counts">
            {list
                .iter()
                .map(|o| view! { <li>{counted(locale, text(locale, outcome_msg(o.outcome)), o.count)}</li> })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// A version's figures: calls, outcomes, the three rates.
#[component]
fn Summary(v: VersionStats) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.locale();
        view! {
            <section class="kb-summary" aria-labelledby="kb-summary-heading">
                <h2 id="kb-summary-heading" class="panel__title">
                    {with_version(locale, Msg::KbSummary, v.version)}
                </h2>
                <dl class="kb-figures">
                    <div class="kb-figure">
                        <dt>{text(locale, Msg::KbCalls)}</dt>
                        <dd class="kb-figure__value">{v.calls}</dd>
                    </div>
                    <div class="kb-figure">
                        <dt>{text(locale, Msg::OutcomeAppointmentSet)}</dt>
                        <dd class="kb-figure__value">{rate_text(locale, &v.appointment_set)}</dd>
                    </div>
                    <div class="kb-figure">
                        <dt>{text(locale, Msg::KbMeetingHeld)}</dt>
                        <dd class="kb-figure__value">{rate_text(locale, &v.meeting_held)}</dd>
                    </div>
                    <div class="kb-figure">
                        <dt>{text(locale, Msg::KbWon)}</dt>
                        <dd class="kb-figure__value">{rate_text(locale, &v.won)}</dd>
                    </div>
                    <div class="kb-figure kb-figure--wide">
                        <dt>{text(locale, Msg::KbOutcomes)}</dt>
                        <dd>{outcome_list(locale, &v.outcomes)}</dd>
                    </div>
                </dl>
            </section>
        }
    }
}

/// The row header of a step: its key, its text's start, the shared mark.
fn step_header(
    locale: Locale,
    s: &StepStats,
    text_of: Option<&String>,
    extra: Option<String>,
) -> AnyView {
    view! {
        <th scope="row" class="kb-step">
            <code class="kb-step__key">{s.key.clone()}</code>
            {s.shared.then(|| view! { " " <span class="badge badge--warn">{text(locale, Msg::KbSharedStep)}</span> })}
            {extra.map(|e| view! { " " <span class="badge badge--info">{e}</span> })}
            {text_of.map(|t| view! { <span class="kb-step__text">{t.clone()}</span> })}
        </th>
    }
    .into_any()
}

/// The rate cell: the rate with its counts beside it.
fn rate_cell(locale: Locale, r: &Rate) -> AnyView {
    view! { <td class="num">{rate_text(locale, r)}</td> }.into_any()
}

/// Each step of a version, in the script's order.
#[component]
fn StepTable(v: VersionStats, texts: Texts) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.locale();
        let worst = v.worst_objection.as_ref().map(|w| w.key.clone());
        let rows = v
            .steps
            .iter()
            .map(|s| {
                let label_of = |next: &Option<String>, outcome: Option<shared::script::Outcome>| {
                    next.clone()
                        .or_else(|| outcome.map(|o| text(locale, outcome_msg(o)).to_owned()))
                        .unwrap_or_default()
                };
                let answers = if s.answers.is_empty() {
                    view! { <span class="kb-none">"—"</span> }.into_any()
                } else {
                    view! {
                        <ul class="kb-counts">
                            {s.answers
                                .iter()
                                .map(|a| {
                                    let line = leads_to(&a.label, &label_of(&a.next, a.outcome));
                                    view! { <li>{counted(locale, &line, a.count)}</li> }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                };
                let is_worst = worst.as_deref() == Some(s.key.as_str());
                let extra = is_worst.then(|| text(locale, Msg::KbLosesMost).to_owned());
                view! {
                    <tr class:is-worst=is_worst>
                        {step_header(locale, s, texts.get(&(v.version, s.key.clone())), extra)}
                        <td class="num">
                            {s.reached}
                            {is_small(s.reached).then(|| view! { " " <span class="badge badge--warn">{text(locale, Msg::KbFew)}</span> })}
                        </td>
                        <td>{answers}</td>
                        <td>{outcome_list(locale, &s.ended)}</td>
                        {rate_cell(locale, &s.appointment_set)}
                        {rate_cell(locale, &s.meeting_held)}
                        {rate_cell(locale, &s.won)}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="kb-steps" aria-labelledby="kb-steps-heading">
                <h2 id="kb-steps-heading" class="panel__title">{text(locale, Msg::KbPerStep)}</h2>
                <p class="field__hint">{small_legend(locale)}</p>
                <div class="table-wrap">
                    <table class="deals-table kb-table">
                        <caption class="visually-hidden">
                            {with_version(locale, Msg::KbPerStep, v.version)}
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">{text(locale, Msg::KbStep)}</th>
                                <th scope="col" class="num">{text(locale, Msg::KbReached)}</th>
                                <th scope="col">{text(locale, Msg::KbWentNext)}</th>
                                <th scope="col">{text(locale, Msg::KbEndedHere)}</th>
                                <th scope="col" class="num">{text(locale, Msg::OutcomeAppointmentSet)}</th>
                                <th scope="col" class="num">{text(locale, Msg::KbMeetingHeld)}</th>
                                <th scope="col" class="num">{text(locale, Msg::KbWon)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    }
}

/// The two versions' figures side by side.
#[component]
fn CompareSummary(a: VersionStats, b: VersionStats) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.locale();
        let (na, nb) = (
            version_name(locale, a.version),
            version_name(locale, b.version),
        );
        let rate_row = |label: Msg, x: &Rate, y: &Rate| {
            view! {
                <tr>
                    <th scope="row">{text(locale, label)}</th>
                    <td class="num">{rate_text(locale, x)}</td>
                    <td class="num">{rate_text(locale, y)}</td>
                </tr>
            }
        };
        view! {
            <section class="kb-summary" aria-labelledby="kb-summary-heading">
                <h2 id="kb-summary-heading" class="panel__title">{text(locale, Msg::KbSummary)}</h2>
                <div class="table-wrap">
                    <table class="deals-table kb-table kb-table--summary">
                        <caption class="visually-hidden">{text(locale, Msg::KbSummary)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{text(locale, Msg::KbMeasure)}</th>
                                <th scope="col" class="num">{na.clone()}</th>
                                <th scope="col" class="num">{nb.clone()}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <tr>
                                <th scope="row">{text(locale, Msg::KbCalls)}</th>
                                <td class="num">{a.calls}</td>
                                <td class="num">{b.calls}</td>
                            </tr>
                            {rate_row(Msg::OutcomeAppointmentSet, &a.appointment_set, &b.appointment_set)}
                            {rate_row(Msg::KbMeetingHeld, &a.meeting_held, &b.meeting_held)}
                            {rate_row(Msg::KbWon, &a.won, &b.won)}
                            <tr>
                                <th scope="row">{text(locale, Msg::KbOutcomes)}</th>
                                <td>{outcome_list(locale, &a.outcomes)}</td>
                                <td>{outcome_list(locale, &b.outcomes)}</td>
                            </tr>
                        </tbody>
                    </table>
                </div>
            </section>
        }
    }
}

/// The steps of the two versions side by side.
#[component]
fn CompareSteps(a: VersionStats, b: VersionStats, texts: Texts) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.locale();
        let (na, nb) = (
            version_name(locale, a.version),
            version_name(locale, b.version),
        );
        let pairs = pair_steps(&a.steps, &b.steps);
        let metrics = [
            Msg::KbReached,
            Msg::OutcomeAppointmentSet,
            Msg::KbMeetingHeld,
            Msg::KbWon,
        ];
        let missing = move || {
            view! {
                <td class="num kb-none">
                    <span aria-hidden="true">"—"</span>
                    <span class="visually-hidden">{text(locale, Msg::KbNotInVersion)}</span>
                </td>
            }
            .into_any()
        };
        let cells = move |s: Option<&StepStats>, metric: Msg| {
            match s {
            None => missing(),
            Some(s) => match metric {
                Msg::KbReached => view! {
                    <td class="num">
                        {s.reached}
                        {is_small(s.reached).then(|| view! { " " <span class="badge badge--warn">{text(locale, Msg::KbFew)}</span> })}
                    </td>
                }
                .into_any(),
                Msg::OutcomeAppointmentSet => rate_cell(locale, &s.appointment_set),
                Msg::KbMeetingHeld => rate_cell(locale, &s.meeting_held),
                _ => rate_cell(locale, &s.won),
            },
        }
        };
        let rows = pairs
            .iter()
            .map(|p: &StepPair<'_>| {
                let Some(s) = p.a.or(p.b) else {
                    return ().into_any();
                };
                let extra = match (p.a, p.b) {
                    (Some(_), None) => Some(only_in(locale, a.version)),
                    (None, Some(_)) => Some(only_in(locale, b.version)),
                    _ => None,
                };
                let version = if p.a.is_some() { a.version } else { b.version };
                let only = extra.is_some();
                view! {
                    <tr class:is-only=only>
                        {step_header(locale, s, texts.get(&(version, p.key.to_owned())), extra)}
                        {metrics
                            .iter()
                            .map(|m| view! { {cells(p.a, *m)} {cells(p.b, *m)} })
                            .collect_view()}
                    </tr>
                }
                .into_any()
            })
            .collect_view();
        view! {
            <section class="kb-steps" aria-labelledby="kb-steps-heading">
                <h2 id="kb-steps-heading" class="panel__title">{text(locale, Msg::KbPerStepCompared)}</h2>
                <p class="field__hint">{small_legend(locale)}</p>
                <div class="table-wrap">
                    <table class="deals-table kb-table kb-table--pairs">
                        <caption class="visually-hidden">{text(locale, Msg::KbPerStepCompared)}</caption>
                        <colgroup><col /></colgroup>
                        {metrics.iter().map(|_| view! { <colgroup span="2"></colgroup> }).collect_view()}
                        <thead>
                            <tr>
                                <th scope="col" rowspan="2">{text(locale, Msg::KbStep)}</th>
                                {metrics
                                    .iter()
                                    .map(|m| view! { <th scope="colgroup" colspan="2" class="kb-table__group">{text(locale, *m)}</th> })
                                    .collect_view()}
                            </tr>
                            <tr>
                                {metrics
                                    .iter()
                                    .map(|m| {
                                        let metric = text(locale, *m);
                                        view! {
                                            <th scope="col" class="num">
                                                <span class="visually-hidden">{format!("{metric} ")}</span>{na.clone()}
                                            </th>
                                            <th scope="col" class="num">
                                                <span class="visually-hidden">{format!("{metric} ")}</span>{nb.clone()}
                                            </th>
                                        }
                                    })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    }
}
