//! The flow map's layout, as a plain function of the graph: steps in columns by their depth
//! from the start (breadth first, in the order answers find them), the shared objection steps
//! in a lane of their own, steps no call can reach in a marked lane, and the lines from each
//! answer to the step it leads to. Sizes are fixed here and matched by the CSS, so the map
//! needs no measuring in the browser.
//!
//! Steps reached only from a shared step (an objection's follow-up) sit one column after the
//! start, as if the objection had been raised there.

use super::graph::excerpt;
use shared::script::{Outcome, ScriptGraph};
use std::collections::{HashMap, VecDeque};

/// Width of a node, in pixels.
pub const NODE_W: i32 = 220;
/// Space between columns.
pub const COL_GAP: i32 = 72;
/// Space between nodes in a column.
pub const ROW_GAP: i32 = 16;
/// Space between lanes.
pub const LANE_GAP: i32 = 24;
/// Height of a lane's label above its nodes.
pub const LANE_LABEL: i32 = 28;
/// A node's head (its key).
pub const HEAD_H: i32 = 30;
/// A node's first words (two lines).
pub const TEXT_H: i32 = 40;
/// One answer line.
pub const ANSWER_H: i32 = 22;
/// Space under the answers.
pub const PAD_B: i32 = 8;
/// Margin around the map.
pub const MARGIN: i32 = 12;
/// Characters of a step's text shown in its node.
pub const EXCERPT: usize = 40;

/// Which band of the map a step is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lane {
    /// From the start, by depth.
    Main,
    /// Shared objection steps, reachable from any step.
    Shared,
    /// Steps no call can reach.
    Unreachable,
}

/// Where an answer leads, as a node shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Lead {
    /// A step, by key, and its position if it exists.
    Step {
        /// The key named.
        key: String,
        /// The step's position (none: no such step).
        index: Option<usize>,
    },
    /// An outcome.
    Outcome(Outcome),
    /// Not chosen.
    Nowhere,
    /// Both a step and an outcome.
    Both,
}

/// One step on the map.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Node {
    /// The step's position in the graph.
    pub step: usize,
    /// Its key.
    pub key: String,
    /// Its first words.
    pub excerpt: String,
    /// Its band.
    pub lane: Lane,
    /// Its column within the band (depth, in the main lane).
    pub column: usize,
    /// Whether it is the first step.
    pub start: bool,
    /// Whether it is a shared objection step.
    pub shared: bool,
    /// Its answers: label and where each leads.
    pub answers: Vec<(String, Lead)>,
    /// Left edge, in pixels.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Height.
    pub h: i32,
}

/// A line from an answer to the step it leads to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edge {
    /// The step the answer belongs to.
    pub from: usize,
    /// The answer's position.
    pub answer: usize,
    /// The step it leads to.
    pub to: usize,
    /// The SVG path.
    pub path: String,
    /// It goes back: to a node not right of the answer (same or earlier column).
    pub back: bool,
}

/// A band's label and extent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Band {
    /// Which band.
    pub lane: Lane,
    /// Top of its label.
    pub y: i32,
}

/// The whole map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapLayout {
    /// Nodes: the main lane column by column, then the shared lane, then the unreachable.
    pub nodes: Vec<Node>,
    /// Lines between nodes.
    pub edges: Vec<Edge>,
    /// The bands that have nodes.
    pub bands: Vec<Band>,
    /// Width of the map.
    pub width: i32,
    /// Height of the map.
    pub height: i32,
}

/// The height of a node with `answers` answers (an empty step still shows one line).
pub fn node_height(answers: usize) -> i32 {
    HEAD_H + TEXT_H + answers.max(1) as i32 * ANSWER_H + PAD_B
}

fn first_index(g: &ScriptGraph) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for (i, s) in g.steps.iter().enumerate() {
        m.entry(s.key.as_str()).or_insert(i);
    }
    m
}

/// Each step's band, and the main-lane steps' columns in the order they were found.
pub fn place(g: &ScriptGraph) -> (Vec<Lane>, Vec<Vec<usize>>) {
    let index = first_index(g);
    let start = index.get(g.start.as_str()).copied();
    let in_shared_lane = |i: usize| g.steps[i].shared && Some(i) != start;
    let n = g.steps.len();
    let mut depth: Vec<Option<usize>> = vec![None; n];
    let mut columns: Vec<Vec<usize>> = Vec::new();
    let mut queue = VecDeque::new();
    let mut found =
        |i: usize, d: usize, depth: &mut Vec<Option<usize>>, q: &mut VecDeque<usize>| {
            depth[i] = Some(d);
            if columns.len() <= d {
                columns.resize(d + 1, Vec::new());
            }
            columns[d].push(i);
            q.push_back(i);
        };
    if let Some(s) = start {
        found(s, 0, &mut depth, &mut queue);
    }
    let targets = |i: usize| -> Vec<usize> {
        g.steps[i]
            .answers
            .iter()
            .filter_map(|a| a.next.as_deref().and_then(|k| index.get(k).copied()))
            .collect()
    };
    let mut seeded = false;
    loop {
        while let Some(i) = queue.pop_front() {
            let Some(d) = depth[i] else { continue };
            for j in targets(i) {
                if !in_shared_lane(j) && depth[j].is_none() {
                    found(j, d + 1, &mut depth, &mut queue);
                }
            }
        }
        if seeded {
            break;
        }
        seeded = true;
        // What only the shared steps lead to: one column after the start.
        for s in (0..n).filter(|&i| in_shared_lane(i)) {
            for j in targets(s) {
                if !in_shared_lane(j) && depth[j].is_none() {
                    found(j, 1, &mut depth, &mut queue);
                }
            }
        }
    }
    let lanes = (0..n)
        .map(|i| {
            if in_shared_lane(i) {
                Lane::Shared
            } else if depth[i].is_some() {
                Lane::Main
            } else {
                Lane::Unreachable
            }
        })
        .collect();
    (lanes, columns)
}

fn lead_of(a: &shared::script::Answer, index: &HashMap<&str, usize>) -> Lead {
    match (&a.next, a.outcome) {
        (Some(_), Some(_)) => Lead::Both,
        (Some(k), None) => Lead::Step {
            key: k.clone(),
            index: index.get(k.as_str()).copied(),
        },
        (None, Some(o)) => Lead::Outcome(o),
        (None, None) => Lead::Nowhere,
    }
}

fn col_x(column: usize) -> i32 {
    MARGIN + column as i32 * (NODE_W + COL_GAP)
}

/// Lays out the map of `g`.
pub fn layout(g: &ScriptGraph) -> MapLayout {
    let index = first_index(g);
    let start = index.get(g.start.as_str()).copied();
    let (lanes, columns) = place(g);
    let node = |i: usize, lane: Lane, column: usize, y: i32| {
        let s = &g.steps[i];
        Node {
            step: i,
            key: s.key.clone(),
            excerpt: excerpt(&s.text, EXCERPT),
            lane,
            column,
            start: Some(i) == start,
            shared: s.shared,
            answers: s
                .answers
                .iter()
                .map(|a| (a.label.clone(), lead_of(a, &index)))
                .collect(),
            x: col_x(column),
            y,
            h: node_height(s.answers.len()),
        }
    };
    let mut out = MapLayout::default();
    let mut top = MARGIN;
    let mut width = 0;
    if !columns.is_empty() {
        out.bands.push(Band {
            lane: Lane::Main,
            y: top,
        });
        let nodes_top = top + LANE_LABEL;
        let mut bottom = nodes_top;
        for (c, col) in columns.iter().enumerate() {
            let mut y = nodes_top;
            for &i in col {
                let n = node(i, Lane::Main, c, y);
                y += n.h + ROW_GAP;
                out.nodes.push(n);
            }
            bottom = bottom.max(y - ROW_GAP);
        }
        width = width.max(col_x(columns.len()) - COL_GAP);
        top = bottom + LANE_GAP;
    }
    for lane in [Lane::Shared, Lane::Unreachable] {
        let members: Vec<usize> = (0..g.steps.len()).filter(|&i| lanes[i] == lane).collect();
        if members.is_empty() {
            continue;
        }
        out.bands.push(Band { lane, y: top });
        let nodes_top = top + LANE_LABEL;
        let mut bottom = nodes_top;
        for (c, &i) in members.iter().enumerate() {
            let n = node(i, lane, c, nodes_top);
            bottom = bottom.max(nodes_top + n.h);
            out.nodes.push(n);
        }
        width = width.max(col_x(members.len()) - COL_GAP);
        top = bottom + LANE_GAP;
    }
    out.width = width + MARGIN;
    out.height = if out.nodes.is_empty() {
        0
    } else {
        top - LANE_GAP + MARGIN
    };
    let at: HashMap<usize, &Node> = out.nodes.iter().map(|n| (n.step, n)).collect();
    for n in &out.nodes {
        for (a, (_, lead)) in n.answers.iter().enumerate() {
            let Lead::Step { index: Some(j), .. } = lead else {
                continue;
            };
            let Some(t) = at.get(j) else { continue };
            out.edges.push(edge(n, a, t));
        }
    }
    out
}

/// The line from answer `a` of `from` to `to`: out of the answer's right end; forward into
/// the target's left side, back over the top of the target.
fn edge(from: &Node, a: usize, to: &Node) -> Edge {
    let x1 = from.x + NODE_W;
    let y1 = from.y + HEAD_H + TEXT_H + a as i32 * ANSWER_H + ANSWER_H / 2;
    let forward = to.x > x1;
    let path = if forward {
        let x2 = to.x;
        let y2 = to.y + HEAD_H / 2;
        let dx = (x2 - x1) / 2;
        format!("M{x1} {y1} C{} {y1} {} {y2} {x2} {y2}", x1 + dx, x2 - dx)
    } else {
        let x2 = to.x + NODE_W / 2;
        let y2 = to.y;
        let lift = (LANE_LABEL - 4).max(8);
        format!(
            "M{x1} {y1} C{} {y1} {x2} {} {x2} {y2}",
            x1 + COL_GAP / 2,
            y2 - lift
        )
    };
    Edge {
        from: from.step,
        answer: a,
        to: to.step,
        path,
        back: !forward,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::script::{Answer, Step};

    fn to(label: &str, k: &str) -> Answer {
        Answer {
            label: label.into(),
            next: Some(k.into()),
            ..Answer::default()
        }
    }

    fn ends(label: &str, o: Outcome) -> Answer {
        Answer {
            label: label.into(),
            outcome: Some(o),
            ..Answer::default()
        }
    }

    fn step(key: &str, shared: bool, answers: Vec<Answer>) -> Step {
        Step {
            key: key.into(),
            text: format!("{key}のトーク"),
            shared,
            answers,
            ..Step::default()
        }
    }

    /// open → pitch → close; open → busy (shared) → follow (only from busy); orphan.
    fn graph() -> ScriptGraph {
        ScriptGraph {
            start: "open".into(),
            steps: vec![
                step("close", false, vec![ends("会う", Outcome::AppointmentSet)]),
                step(
                    "pitch",
                    false,
                    vec![to("はい", "close"), to("戻る", "open")],
                ),
                step("orphan", false, vec![ends("x", Outcome::NoAnswer)]),
                step(
                    "open",
                    false,
                    vec![to("はい", "pitch"), to("忙しい", "busy")],
                ),
                step("busy", true, vec![to("では", "follow"), to("?", "gone")]),
                step("follow", false, vec![ends("後で", Outcome::CallBack)]),
            ],
        }
    }

    #[test]
    fn columns_by_depth_and_lanes() {
        let (lanes, columns) = place(&graph());
        assert_eq!(columns, vec![vec![3], vec![1, 5], vec![0]]);
        assert_eq!(
            lanes,
            [
                Lane::Main,
                Lane::Main,
                Lane::Unreachable,
                Lane::Main,
                Lane::Shared,
                Lane::Main
            ]
        );
    }

    #[test]
    fn a_missing_start_leaves_only_what_shared_steps_reach() {
        let mut g = graph();
        g.start = "nope".into();
        let (lanes, columns) = place(&g);
        assert_eq!(columns, vec![Vec::<usize>::new(), vec![5]]);
        assert_eq!(lanes[3], Lane::Unreachable);
        assert_eq!(lanes[4], Lane::Shared);
    }

    #[test]
    fn a_shared_start_stays_in_the_main_lane() {
        let mut g = graph();
        g.steps[3].shared = true;
        let (lanes, columns) = place(&g);
        assert_eq!(lanes[3], Lane::Main);
        assert_eq!(columns[0], vec![3]);
    }

    #[test]
    fn nodes_do_not_overlap_and_lines_join_them() {
        let m = layout(&graph());
        assert_eq!(m.nodes.len(), 6);
        for (i, a) in m.nodes.iter().enumerate() {
            for b in &m.nodes[i + 1..] {
                let apart = a.x + NODE_W <= b.x
                    || b.x + NODE_W <= a.x
                    || a.y + a.h <= b.y
                    || b.y + b.h <= a.y;
                assert!(apart, "{} and {} overlap", a.key, b.key);
            }
            assert!(a.x + NODE_W <= m.width && a.y + a.h <= m.height);
        }
        let bands: Vec<_> = m.bands.iter().map(|b| b.lane).collect();
        assert_eq!(bands, [Lane::Main, Lane::Shared, Lane::Unreachable]);
        // The lanes are stacked: every shared node is below every main node.
        let main_bottom = m
            .nodes
            .iter()
            .filter(|n| n.lane == Lane::Main)
            .map(|n| n.y + n.h)
            .max();
        let shared_top = m
            .nodes
            .iter()
            .filter(|n| n.lane == Lane::Shared)
            .map(|n| n.y)
            .min();
        assert!(main_bottom < shared_top);
        let edges: Vec<_> = m
            .edges
            .iter()
            .map(|e| (e.from, e.answer, e.to, e.back))
            .collect();
        assert!(
            edges.contains(&(3, 0, 1, false)),
            "open → pitch goes forward"
        );
        assert!(edges.contains(&(1, 1, 3, true)), "pitch → open goes back");
        assert!(
            edges.contains(&(4, 0, 5, false)),
            "busy → follow (a later column)"
        );
        assert!(
            edges.contains(&(3, 1, 4, true)),
            "open → busy (column 0, below)"
        );
        assert_eq!(edges.len(), 5, "no line for the missing step: {edges:?}");
        let busy = m.nodes.iter().find(|n| n.key == "busy");
        assert_eq!(
            busy.map(|n| n.answers[1].1.clone()),
            Some(Lead::Step {
                key: "gone".into(),
                index: None
            })
        );
        let open = m.nodes.iter().find(|n| n.start);
        assert_eq!(open.map(|n| n.key.as_str()), Some("open"));
    }

    #[test]
    fn heights_follow_answers_and_empty_maps_are_empty() {
        assert_eq!(node_height(0), node_height(1));
        assert_eq!(node_height(3) - node_height(2), ANSWER_H);
        let m = layout(&ScriptGraph::default());
        assert!(m.nodes.is_empty() && m.bands.is_empty());
        assert_eq!(m.height, 0);
    }
}
