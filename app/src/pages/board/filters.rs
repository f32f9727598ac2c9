//! The board's filters, kept in the URL (`/board?pipeline=1&owner_id=5&q=…`) so a view can be
//! shared and survives a reload; the names are the API's, so the query passes straight on.
//! On a narrow screen, the filters besides pipeline and text fold behind a button.

use super::board_ctx;
use crate::app::use_session;
use crate::i18n::{self, Msg, role_name, use_i18n};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use leptos_router::params::ParamsMap;
use shared::api::{BoardQuery, Pipeline};
use shared::client::ClientError;
use shared::{MemberId, PipelineId, Role, SegmentId, TerritoryId};

/// What the board shows: a pipeline (or the first) and the filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardFilter {
    /// The pipeline asked for.
    pub pipeline: Option<PipelineId>,
    /// The filters (no limit, no cursor).
    pub query: BoardQuery,
}

fn num<'a, T: std::str::FromStr>(get: &impl Fn(&str) -> Option<&'a str>, key: &str) -> Option<T> {
    get(key).and_then(|s| s.trim().parse().ok())
}

impl BoardFilter {
    /// Reads the filter from the URL query; unreadable values are ignored.
    pub fn from_query(q: &ParamsMap) -> Self {
        Self::read(|key| q.get_str(key))
    }

    /// Reads the filter from the query's values, by name.
    fn read<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self {
        Self {
            pipeline: num(&get, "pipeline").map(PipelineId),
            query: BoardQuery {
                owner_id: num(&get, "owner_id").map(MemberId),
                role: get("role").and_then(|r| r.parse::<Role>().ok()),
                segment_id: num(&get, "segment_id").map(SegmentId),
                territory_id: num(&get, "territory_id").map(TerritoryId),
                min_amount: num(&get, "min_amount"),
                max_amount: num(&get, "max_amount"),
                q: get("q")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
                stalled: (get("stalled") == Some("true")).then_some(true),
                limit: None,
                cursor: None,
            },
        }
    }

    /// The URL of this filter.
    pub fn href(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.pipeline {
            parts.push(format!("pipeline={p}"));
        }
        let rest = self.query.to_query_string();
        if !rest.is_empty() {
            parts.push(rest);
        }
        if parts.is_empty() {
            "/board".to_owned()
        } else {
            format!("/board?{}", parts.join("&"))
        }
    }

    /// How many filters besides the text search are set.
    pub fn secondary_count(&self) -> usize {
        let q = &self.query;
        [
            q.owner_id.is_some(),
            q.role.is_some(),
            q.segment_id.is_some(),
            q.territory_id.is_some(),
            q.min_amount.is_some(),
            q.max_amount.is_some(),
            q.stalled.is_some(),
        ]
        .into_iter()
        .filter(|set| *set)
        .count()
    }

    /// Whether any filter narrows the board.
    pub fn narrows(&self) -> bool {
        self.query != BoardQuery::default()
    }
}

/// The filter bar; every change goes into the URL, which the board follows.
#[component]
pub fn FilterBar(pipelines: RwSignal<Option<Result<Vec<Pipeline>, ClientError>>>) -> impl IntoView {
    let ctx = board_ctx();
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let members = LocalResource::new(move || {
        let c = session.client();
        async move { crate::boot::or_ask(shared::api::MEMBERS_PATH, c.members()).await }
    });
    let segments = LocalResource::new(move || {
        let c = session.client();
        async move { crate::boot::or_ask(shared::api::SEGMENTS_PATH, c.segments()).await }
    });
    let territories = LocalResource::new(move || {
        let c = session.client();
        async move { crate::boot::or_ask(shared::api::TERRITORIES_PATH, c.territories()).await }
    });
    let current = ctx.filter;
    let pipeline_id = Memo::new(move |_| ctx.pipeline.with(|p| p.as_ref().map(|p| p.id)));
    let go = StoredValue::new(move |f: BoardFilter| {
        navigate(
            &f.href(),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });
    let change = move |edit: &dyn Fn(&mut BoardFilter)| {
        let mut f = current.get_untracked();
        f.pipeline = f.pipeline.or(pipeline_id.get_untracked());
        edit(&mut f);
        go.with_value(|g| g(f));
    };
    let value = move |ev: &leptos::ev::Event| event_target_value(ev);
    // On a narrow screen the filters besides pipeline and search fold away.
    let open = RwSignal::new(false);

    let options = move |items: Vec<(i64, String)>, selected: Option<i64>| {
        items
            .into_iter()
            .map(|(id, name)| {
                view! { <option value=id.to_string() selected=selected == Some(id)>{name}</option> }
            })
            .collect_view()
    };

    view! {
        <form class="filters filters--board" role="search" aria-label=i18n.tr(Msg::Filters) on:submit=|ev| ev.prevent_default()>
            <div class="filter">
                <label class="filter__label" for="bf-pipeline">{i18n.tr(Msg::Pipeline)}</label>
                <select
                    id="bf-pipeline"
                    class="select"
                    on:change=move |ev| {
                        let v = value(&ev).parse::<i64>().ok().map(PipelineId);
                        change(&|f| {
                            f.pipeline = v;
                        });
                    }
                >
                    {move || {
                        let list = pipelines
                            .with(|r| {
                                r.as_ref()
                                    .and_then(|r| r.as_ref().ok())
                                    .map(|l| l.iter().map(|p| (p.id.0, p.name.clone())).collect())
                                    .unwrap_or_default()
                            });
                        options(list, pipeline_id.get().map(|p| p.0))
                    }}
                </select>
            </div>
            <div class="filter filter--search">
                <label class="filter__label" for="bf-q">{i18n.tr(Msg::Search)}</label>
                <input
                    id="bf-q"
                    class="input"
                    type="search"
                    maxlength="100"
                    prop:value=move || current.with(|f| f.query.q.clone().unwrap_or_default())
                    on:change=move |ev| {
                        let v = value(&ev);
                        let v = Some(v.trim().to_owned()).filter(|s| !s.is_empty());
                        change(&|f| f.query.q = v.clone());
                    }
                />
            </div>
            <button
                type="button"
                class="button filters__toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="bf-more"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || {
                    let label = i18n::text(i18n.locale(), Msg::ShowFilters);
                    match current.with(BoardFilter::secondary_count) {
                        0 => label.to_owned(),
                        n => format!("{label} ({n})"),
                    }
                }}
            </button>
            <div id="bf-more" class="filters__more" class:is-open=move || open.get()>
                <div class="filter">
                    <label class="filter__label" for="bf-owner">{i18n.tr(Msg::Owner)}</label>
                    <select
                        id="bf-owner"
                        class="select"
                        on:change=move |ev| {
                            let v = value(&ev).parse::<i64>().ok().map(MemberId);
                            change(&|f| f.query.owner_id = v);
                        }
                    >
                        <option value="" selected=move || current.with(|f| f.query.owner_id.is_none())>
                            {i18n.tr(Msg::Everyone)}
                        </option>
                        {move || {
                            let list = members
                                .with(|r| {
                                    r.as_ref()
                                        .and_then(|r| r.as_ref().ok())
                                        .map(|l| l.iter().map(|m| (m.id.0, m.name.clone())).collect())
                                        .unwrap_or_default()
                                });
                            options(list, current.with(|f| f.query.owner_id.map(|m| m.0)))
                        }}
                    </select>
                </div>
                <div class="filter">
                    <label class="filter__label" for="bf-role">{i18n.tr(Msg::Role)}</label>
                    <select
                        id="bf-role"
                        class="select"
                        on:change=move |ev| {
                            let v = value(&ev).parse::<Role>().ok();
                            change(&|f| f.query.role = v);
                        }
                    >
                        <option value="" selected=move || current.with(|f| f.query.role.is_none())>
                            {i18n.tr(Msg::AnyRole)}
                        </option>
                        {move || {
                            let locale = i18n.locale();
                            [Role::Appointer, Role::Closer, Role::Success]
                                .into_iter()
                                .map(|r| {
                                    let selected = current.with(|f| f.query.role == Some(r));
                                    view! {
                                        <option value=r.as_str() selected=selected>
                                            {role_name(locale, r)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="filter">
                    <label class="filter__label" for="bf-segment">{i18n.tr(Msg::Segment)}</label>
                    <select
                        id="bf-segment"
                        class="select"
                        on:change=move |ev| {
                            let v = value(&ev).parse::<i64>().ok().map(SegmentId);
                            change(&|f| f.query.segment_id = v);
                        }
                    >
                        <option value="" selected=move || current.with(|f| f.query.segment_id.is_none())>
                            {i18n.tr(Msg::Any)}
                        </option>
                        {move || {
                            let list = segments
                                .with(|r| {
                                    r.as_ref()
                                        .and_then(|r| r.as_ref().ok())
                                        .map(|l| l.iter().map(|s| (s.id.0, s.name.clone())).collect())
                                        .unwrap_or_default()
                                });
                            options(list, current.with(|f| f.query.segment_id.map(|s| s.0)))
                        }}
                    </select>
                </div>
                <div class="filter">
                    <label class="filter__label" for="bf-territory">{i18n.tr(Msg::Territory)}</label>
                    <select
                        id="bf-territory"
                        class="select"
                        on:change=move |ev| {
                            let v = value(&ev).parse::<i64>().ok().map(TerritoryId);
                            change(&|f| f.query.territory_id = v);
                        }
                    >
                        <option value="" selected=move || current.with(|f| f.query.territory_id.is_none())>
                            {i18n.tr(Msg::Any)}
                        </option>
                        {move || {
                            let list = territories
                                .with(|r| {
                                    r.as_ref()
                                        .and_then(|r| r.as_ref().ok())
                                        .map(|l| l.iter().map(|t| (t.id.0, t.name.clone())).collect())
                                        .unwrap_or_default()
                                });
                            options(list, current.with(|f| f.query.territory_id.map(|t| t.0)))
                        }}
                    </select>
                </div>
                <div class="filter filter--amount">
                    <label class="filter__label" for="bf-min">{i18n.tr(Msg::MinAmount)}</label>
                    <input
                        id="bf-min"
                        class="input"
                        type="number"
                        min="0"
                        step="10000"
                        inputmode="numeric"
                        prop:value=move || current.with(|f| f.query.min_amount.map(|v| v.to_string()).unwrap_or_default())
                        on:change=move |ev| {
                            let v = value(&ev).trim().parse::<i64>().ok();
                            change(&|f| f.query.min_amount = v);
                        }
                    />
                </div>
                <div class="filter filter--amount">
                    <label class="filter__label" for="bf-max">{i18n.tr(Msg::MaxAmount)}</label>
                    <input
                        id="bf-max"
                        class="input"
                        type="number"
                        min="0"
                        step="10000"
                        inputmode="numeric"
                        prop:value=move || current.with(|f| f.query.max_amount.map(|v| v.to_string()).unwrap_or_default())
                        on:change=move |ev| {
                            let v = value(&ev).trim().parse::<i64>().ok();
                            change(&|f| f.query.max_amount = v);
                        }
                    />
                </div>
                <div class="filter filter--check">
                    <input
                        id="bf-stalled"
                        type="checkbox"
                        prop:checked=move || current.with(|f| f.query.stalled == Some(true))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            change(&|f| f.query.stalled = on.then_some(true));
                        }
                    />
                    <label for="bf-stalled">{i18n.tr(Msg::StalledOnly)}</label>
                </div>
            </div>
            {move || {
                current
                    .with(BoardFilter::narrows)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button--quiet"
                                on:click=move |_| {
                                    change(&|f| f.query = BoardQuery::default());
                                }
                            >
                                {i18n.tr(Msg::ClearFilters)}
                            </button>
                        }
                    })
            }}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &'static str)]) -> BoardFilter {
        BoardFilter::read(|key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v))
    }

    #[test]
    fn a_filter_survives_its_url() {
        let f = parse(&[
            ("pipeline", "2"),
            ("owner_id", "5"),
            ("role", "closer"),
            ("min_amount", "1000000"),
            ("q", " 商事 "),
            ("stalled", "true"),
        ]);
        assert_eq!(f.pipeline, Some(PipelineId(2)));
        assert_eq!(f.query.q.as_deref(), Some("商事"), "trimmed");
        assert_eq!(f.secondary_count(), 4);
        assert!(f.narrows());
        let href = f.href();
        assert!(href.starts_with("/board?pipeline=2&"), "{href}");
        let back: Vec<(String, String)> = href
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default()
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert!(back.contains(&("role".into(), "closer".into())));
        assert!(back.iter().any(|(k, v)| k == "q" && v != "商事"), "encoded");
    }

    #[test]
    fn unreadable_values_are_ignored() {
        let f = parse(&[
            ("owner_id", "x"),
            ("role", "boss"),
            ("stalled", "yes"),
            ("q", "  "),
        ]);
        assert_eq!(f, BoardFilter::default());
        assert!(!f.narrows());
        assert_eq!(f.href(), "/board");
    }
}
