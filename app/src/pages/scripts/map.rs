//! The flow map: the script drawn as columns of steps by depth from the start, the shared
//! objection steps in their own lane and unreachable steps in a marked one (layout in
//! `layout`), lines from each answer to the step it leads to, and outcomes written at the end
//! of their answers. For screen readers the nodes are lists per lane: a button per step
//! (named by its key and marks) and its answers in words; the drawing itself is hidden from
//! them. Activating a node focuses that step in the editor (or in the read-only steps).

use super::anchors;
use super::focus_later;
use super::layout::{Lane, Lead, MapLayout, Node, layout};
use super::text;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use shared::Locale;
use shared::script::{Problem, ScriptGraph};

fn lane_msg(l: Lane) -> Msg {
    match l {
        Lane::Main => Msg::ScriptsLaneMain,
        Lane::Shared => Msg::ScriptsLaneShared,
        Lane::Unreachable => Msg::ScriptsLaneUnreachable,
    }
}

fn lane_id(l: Lane) -> &'static str {
    match l {
        Lane::Main => "flow-lane-main",
        Lane::Shared => "flow-lane-shared",
        Lane::Unreachable => "flow-lane-unreachable",
    }
}

/// Where an answer leads, as a node writes it.
fn lead_text(locale: Locale, lead: &Lead) -> String {
    match lead {
        Lead::Step {
            key,
            index: Some(_),
        } => key.clone(),
        Lead::Step { key, index: None } => match locale {
            Locale::Ja => format!("{key}（見つかりません）"),
            Locale::En => format!("{key} (not found)"),
        },
        Lead::Outcome(o) => text::outcome(locale, *o).to_owned(),
        Lead::Nowhere => match locale {
            Locale::Ja => "未選択".into(),
            Locale::En => "not chosen".into(),
        },
        Lead::Both => match locale {
            Locale::Ja => "ステップと結果の両方".into(),
            Locale::En => "both a step and an outcome".into(),
        },
    }
}

fn lead_class(lead: &Lead) -> &'static str {
    match lead {
        Lead::Step { index: Some(_), .. } => "flow-node__lead",
        Lead::Outcome(_) => "flow-node__lead flow-node__lead--outcome",
        _ => "flow-node__lead flow-node__lead--bad",
    }
}

/// The map of `graph`. `prefix`: none in the editor (nodes focus the editor's steps), else
/// the read-only steps' prefix.
#[component]
pub(super) fn FlowMap(
    graph: Signal<ScriptGraph>,
    problems: Signal<Vec<Problem>>,
    prefix: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let map: Memo<MapLayout> = Memo::new(move |_| graph.with(layout));
    let counts = Memo::new(move |_| {
        let mut c = vec![0usize; graph.with(|g| g.steps.len())];
        problems.with(|ps| {
            for p in ps {
                if let Some(n) = p.step.and_then(|i| c.get_mut(i)) {
                    *n += 1;
                }
            }
        });
        c
    });
    let focus_step = move |i: usize| {
        let id = match prefix {
            None => anchors::step(i),
            Some(p) => anchors::read_step(p, i),
        };
        focus_later(id);
    };
    let size = move || map.with(|m| format!("width:{}px;height:{}px", m.width, m.height));
    let edges = move || {
        map.with(|m| {
            m.edges
                .iter()
                .map(|e| {
                    let class = if e.back {
                        "flow-map__edge flow-map__edge--back"
                    } else {
                        "flow-map__edge"
                    };
                    view! { <path d=e.path.clone() class=class marker-end="url(#flow-arrow)" /> }
                })
                .collect_view()
        })
    };
    let column_labels = move || {
        let locale = i18n.locale();
        map.with(|m| {
            let Some(main) = m.bands.iter().find(|b| b.lane == Lane::Main) else {
                return Vec::new();
            };
            let columns = m
                .nodes
                .iter()
                .filter(|n| n.lane == Lane::Main)
                .map(|n| (n.column, n.x))
                .fold(Vec::<(usize, i32)>::new(), |mut acc, c| {
                    if !acc.iter().any(|x| x.0 == c.0) {
                        acc.push(c);
                    }
                    acc
                });
            columns
                .into_iter()
                .filter(|(c, _)| *c > 0)
                .map(|(c, x)| {
                    let style = format!("left:{}px;top:{}px", x, main.y);
                    view! { <span class="flow-map__column" style=style aria-hidden="true">{text::depth(locale, c)}</span> }
                })
                .collect::<Vec<_>>()
        })
    };
    let lanes = move || {
        map.with(|m| m.bands.clone())
            .into_iter()
            .map(|band| {
                let style = format!("top:{}px", band.y);
                let nodes = move || {
                    map.with(|m| {
                        m.nodes
                            .iter()
                            .filter(|n| n.lane == band.lane)
                            .cloned()
                            .collect::<Vec<_>>()
                    })
                };
                view! {
                    <h3
                        class="flow-map__lane"
                        class:flow-map__lane--bad=band.lane == Lane::Unreachable
                        id=lane_id(band.lane)
                        style=style
                    >
                        {i18n.tr(lane_msg(band.lane))}
                    </h3>
                    <ol class="flow-map__list" aria-labelledby=lane_id(band.lane)>
                        <For
                            each=nodes
                            key=|n| n.clone()
                            children=move |n| view! { <MapNode n=n counts=counts on_pick=focus_step /> }
                        />
                    </ol>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel flow" aria-labelledby="flow-heading">
            <h2 class="panel__title" id="flow-heading">{i18n.tr(Msg::ScriptsFlow)}</h2>
            <p class="field__hint">{i18n.tr(Msg::ScriptsFlowHint)}</p>
            <Show
                when=move || map.with(|m| !m.nodes.is_empty())
                fallback=move || view! { <p class="empty">{i18n.tr(Msg::ScriptsNoSteps)}</p> }
            >
                <div class="flow-map__scroll">
                    <div class="flow-map" style=size>
                        <svg
                            class="flow-map__lines"
                            width=move || map.with(|m| m.width)
                            height=move || map.with(|m| m.height)
                            aria-hidden="true"
                            focusable="false"
                        >
                            <defs>
                                <marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                                    markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                    <path d="M0 0 L10 5 L0 10 z" class="flow-map__arrow" />
                                </marker>
                            </defs>
                            {edges}
                        </svg>
                        {column_labels}
                        {lanes}
                    </div>
                </div>
            </Show>
        </section>
    }
}

/// One node: its key (a button), first words and answers.
#[component]
fn MapNode(
    n: Node,
    counts: Memo<Vec<usize>>,
    on_pick: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let step = n.step;
    let style = format!("left:{}px;top:{}px;height:{}px", n.x, n.y, n.h);
    let problems = move || counts.with(|c| c.get(step).copied().unwrap_or_default());
    let key = if n.key.trim().is_empty() {
        text::step_name(i18n.locale_untracked(), "", step)
    } else {
        n.key.clone()
    };
    let class = match n.lane {
        Lane::Main => "flow-node",
        Lane::Shared => "flow-node flow-node--shared",
        Lane::Unreachable => "flow-node flow-node--unreachable",
    };
    let depth = (n.lane == Lane::Main && n.column > 0).then_some(n.column);
    let (start, shared, unreachable) = (
        n.start,
        n.shared && n.lane != Lane::Shared,
        n.lane == Lane::Unreachable,
    );
    let key_text = key.clone();
    // The button's name: the key, then its marks, each set apart.
    let label = move || {
        let locale = i18n.locale();
        let mut parts = vec![key.clone()];
        if start {
            parts.push(i18n.t(Msg::ScriptsStartBadge).to_owned());
        }
        if shared {
            parts.push(i18n.t(Msg::ScriptsSharedBadge).to_owned());
        }
        if unreachable {
            parts.push(i18n.t(Msg::ScriptsUnreachableBadge).to_owned());
        }
        if let Some(d) = depth {
            parts.push(text::depth(locale, d));
        }
        let p = problems();
        if p > 0 {
            parts.push(text::problems_count(locale, p));
        }
        parts.join(" · ")
    };
    let answers = n.answers.clone();
    let no_answers = answers.is_empty();
    view! {
        <li class=class class:flow-node--start=n.start style=style on:click=move |_| on_pick(step)>
            <button type="button" class="flow-node__head" aria-label=label>
                <span class="flow-node__key">{key_text}</span>
                {n.start.then(|| view! { <span class="badge">{i18n.tr(Msg::ScriptsStartBadge)}</span> })}
                {(n.shared && n.lane != Lane::Shared)
                    .then(|| view! { <span class="badge badge--warn">{i18n.tr(Msg::ScriptsSharedBadge)}</span> })}
                {move || {
                    let p = problems();
                    (p > 0)
                        .then(|| {
                            view! {
                                <span class="badge badge--danger">
                                    {move || text::problems_count(i18n.locale(), p)}
                                </span>
                            }
                        })
                }}
            </button>
            <p class="flow-node__text">{n.excerpt.clone()}</p>
            <ul class="flow-node__answers">
                {no_answers
                    .then(|| view! { <li class="flow-node__answer flow-node__answer--none">{i18n.tr(Msg::ScriptsNodeNoAnswers)}</li> })}
                {answers
                    .into_iter()
                    .enumerate()
                    .map(|(a, (label, lead))| {
                        let lead_class = lead_class(&lead);
                        let label = if label.trim().is_empty() { "…".to_owned() } else { label };
                        let title = label.clone();
                        view! {
                            <li class="flow-node__answer" title=title>
                                <span class="flow-node__num" aria-hidden="true">{a + 1}</span>
                                <span class="flow-node__label">{label}</span>
                                <span class=lead_class>
                                    {move || format!("→ {}", lead_text(i18n.locale(), &lead))}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </li>
    }
}
