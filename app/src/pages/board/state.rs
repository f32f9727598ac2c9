//! The board as the browser holds it: columns with their server totals and the cards loaded
//! so far, and the rules for changing it locally: an optimistic move (and its undo), a card
//! placed where the server says it is (by rank), a page of cards appended. Pure logic, tested
//! natively.

use shared::api::{Board, Column, ColumnTotal, DealCard, DealRow, MoveDeal, Stage};
use shared::{DealId, Money, StageId};
use std::sync::Arc;

/// One column.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnState {
    /// The stage.
    pub stage: Stage,
    /// Deals in the column that match the filter (server count, adjusted by local moves).
    pub count: i64,
    /// Totals per currency.
    pub totals: Vec<ColumnTotal>,
    /// The cards loaded so far, in the team's order. Shared, so that the board's columns
    /// are cheap to copy and a column that did not change compares equal at once; a change
    /// copies only its own column's cards.
    pub cards: Arc<Vec<DealCard>>,
    /// Cursor of the next page; `None` when every card is loaded.
    pub next_cursor: Option<String>,
}

impl ColumnState {
    fn from_column(c: Column) -> Self {
        Self {
            stage: c.stage,
            count: c.count,
            totals: c.totals,
            cards: Arc::new(c.cards),
            next_cursor: c.next_cursor,
        }
    }

    /// Whether a card of this rank belongs among the loaded cards (it does unless more cards
    /// are still to load and it sorts after the last loaded one).
    fn holds_rank(&self, rank: &str) -> bool {
        self.next_cursor.is_none()
            || self
                .cards
                .last()
                .is_some_and(|c| rank < c.deal.rank.as_str())
    }

    fn index_for_rank(&self, rank: &str) -> usize {
        self.cards.partition_point(|c| c.deal.rank.as_str() < rank)
    }

    /// Adds (`sign` 1) or removes (`sign` −1) a deal's amount from the totals.
    fn adjust_totals(&mut self, amount: &Money, sign: i64) {
        let weighted = amount.amount * i64::from(self.stage.probability) / 100;
        match self
            .totals
            .iter_mut()
            .find(|t| t.amount.currency == amount.currency)
        {
            Some(t) => {
                t.amount.amount += sign * amount.amount;
                t.weighted.amount += sign * weighted;
            }
            None if sign > 0 => self.totals.push(ColumnTotal {
                amount: amount.clone(),
                weighted: Money {
                    amount: weighted,
                    currency: amount.currency.clone(),
                },
            }),
            None => {}
        }
        self.count = (self.count + sign).max(0);
    }
}

/// Where a card was before a local move, to put it back.
#[derive(Clone, Debug, PartialEq)]
pub struct Undo {
    /// The card as it was.
    pub card: DealCard,
    /// Its column.
    pub column: usize,
    /// Its index in the column.
    pub index: usize,
}

/// The board.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoardState {
    /// Columns in stage order.
    pub columns: Vec<ColumnState>,
    /// The newest event when the board was read (the event stream starts after it).
    pub last_event_id: i64,
}

impl BoardState {
    /// The board as the server sent it.
    pub fn from_board(board: Board) -> Self {
        Self {
            last_event_id: board.last_event_id,
            columns: board
                .columns
                .into_iter()
                .map(ColumnState::from_column)
                .collect(),
        }
    }

    /// The column of a stage.
    pub fn column_of(&self, stage: StageId) -> Option<usize> {
        self.columns.iter().position(|c| c.stage.id == stage)
    }

    /// Where a loaded card is: (column, index).
    pub fn find(&self, id: DealId) -> Option<(usize, usize)> {
        self.columns.iter().enumerate().find_map(|(ci, c)| {
            c.cards
                .iter()
                .position(|card| card.deal.id == id)
                .map(|i| (ci, i))
        })
    }

    /// A loaded card.
    pub fn card(&self, id: DealId) -> Option<&DealCard> {
        self.columns
            .iter()
            .flat_map(|c| c.cards.iter())
            .find(|c| c.deal.id == id)
    }

    /// Whether the board shows a newer version of `deal` (a change replayed from before the
    /// board was read, or one overtaken by a later change).
    pub fn shows_newer(&self, deal: &DealRow) -> bool {
        self.card(deal.id)
            .is_some_and(|c| c.deal.version > deal.version)
    }

    /// Takes a loaded card out of its column (its count and totals follow).
    pub fn take(&mut self, id: DealId) -> Option<Undo> {
        let (column, index) = self.find(id)?;
        let col = &mut self.columns[column];
        let card = Arc::make_mut(&mut col.cards).remove(index);
        col.adjust_totals(&card.deal.amount, -1);
        Some(Undo {
            card,
            column,
            index,
        })
    }

    /// Moves a loaded card to `index` of column `to` (the index among the cards without it)
    /// at once, and says how to ask the server for the same move: the request (neighbours
    /// from the loaded cards) and how to undo it. `None` if the card is not loaded or the
    /// place does not exist, or if nothing would change.
    pub fn move_locally(
        &mut self,
        id: DealId,
        to: usize,
        index: usize,
    ) -> Option<(MoveDeal, Undo)> {
        let (from, at) = self.find(id)?;
        if to >= self.columns.len() || (from == to && at == index) {
            return None;
        }
        let undo = self.take(id)?;
        let col = &mut self.columns[to];
        let index = index.min(col.cards.len());
        let after_id = index.checked_sub(1).map(|i| col.cards[i].deal.id);
        let before_id = col.cards.get(index).map(|c| c.deal.id);
        let mut card = undo.card.clone();
        if card.deal.stage_id != col.stage.id {
            card.stalled = false;
        }
        card.deal.stage_id = col.stage.id;
        col.adjust_totals(&card.deal.amount, 1);
        Arc::make_mut(&mut col.cards).insert(index, card);
        let request = MoveDeal {
            stage_id: col.stage.id,
            after_id,
            before_id,
            version: undo.card.deal.version,
        };
        Some((request, undo))
    }

    /// Puts a card back where it was before a local move that the server refused.
    pub fn undo(&mut self, undo: Undo) {
        self.take(undo.card.deal.id);
        if let Some(col) = self.columns.get_mut(undo.column) {
            let index = undo.index.min(col.cards.len());
            col.adjust_totals(&undo.card.deal.amount, 1);
            Arc::make_mut(&mut col.cards).insert(index, undo.card);
        }
    }

    /// Shows a deal as the server has it now: out of the column it was in, into its stage's
    /// column at its rank (if that part of the column is loaded), keeping what only the board
    /// endpoint knows (next activity, pending hand-off) from the card it replaces.
    /// `stalled` is whether it has outstayed its stage's limit.
    pub fn place(&mut self, deal: DealRow, stalled: bool) {
        let previous = self.take(deal.id).map(|u| u.card);
        let Some(to) = self.column_of(deal.stage_id) else {
            return;
        };
        let col = &mut self.columns[to];
        col.adjust_totals(&deal.amount, 1);
        if !col.holds_rank(&deal.rank) {
            return;
        }
        let index = col.index_for_rank(&deal.rank);
        let card = DealCard {
            next_activity: previous.as_ref().and_then(|p| p.next_activity.clone()),
            pending_handoff: previous.and_then(|p| p.pending_handoff),
            stalled,
            deal,
        };
        Arc::make_mut(&mut col.cards).insert(index, card);
    }

    /// Sets or clears a card's pending hand-off (from the hand-off events).
    pub fn set_handoff(&mut self, id: DealId, handoff: Option<shared::api::PendingHandoff>) {
        if let Some((c, i)) = self.find(id) {
            Arc::make_mut(&mut self.columns[c].cards)[i].pending_handoff = handoff;
        }
    }

    /// A deal that moved away from a stage whose cards are not loaded: only its count and
    /// totals change.
    pub fn left_unloaded(&mut self, stage: StageId, amount: &Money) {
        if let Some(ci) = self.column_of(stage) {
            self.columns[ci].adjust_totals(amount, -1);
        }
    }

    /// Appends the next page of a column.
    pub fn append_page(&mut self, column: usize, cards: Vec<DealCard>, next: Option<String>) {
        if let Some(col) = self.columns.get_mut(column) {
            let loaded = Arc::make_mut(&mut col.cards);
            let known: std::collections::HashSet<DealId> =
                loaded.iter().map(|c| c.deal.id).collect();
            loaded.extend(cards.into_iter().filter(|c| !known.contains(&c.deal.id)));
            col.next_cursor = next;
        }
    }

    /// Takes the server's counts and totals (from a fresh board), keeping the loaded cards.
    pub fn reconcile_totals(&mut self, fresh: &Board) {
        for c in &fresh.columns {
            if let Some(ci) = self.column_of(c.stage.id) {
                self.columns[ci].count = c.count;
                self.columns[ci].totals = c.totals.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use shared::api::{AccountRef, StageKind};
    use shared::{AccountId, PipelineId, Role};

    fn stage(id: i64, probability: i32) -> Stage {
        Stage {
            id: StageId(id),
            name: format!("S{id}"),
            position: id as i32,
            probability,
            owning_role: Role::Closer,
            stall_days: 14,
            kind: StageKind::Open,
        }
    }

    fn deal(id: i64, stage: i64, rank: &str, amount: i64) -> DealRow {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        DealRow {
            id: DealId(id),
            pipeline_id: PipelineId(1),
            stage_id: StageId(stage),
            title: format!("D{id}"),
            account: AccountRef {
                id: AccountId(1),
                name: "A".into(),
            },
            amount: Money::jpy(amount),
            appointer: None,
            closer: None,
            success: None,
            expected_close_on: None,
            stage_entered_at: at,
            updated_at: at,
            version: 1,
            rank: rank.into(),
        }
    }

    fn card(d: DealRow) -> DealCard {
        DealCard {
            deal: d,
            stalled: false,
            next_activity: None,
            pending_handoff: None,
        }
    }

    fn column(s: Stage, cards: Vec<DealCard>, more: bool) -> Column {
        let amount: i64 = cards.iter().map(|c| c.deal.amount.amount).sum();
        Column {
            count: cards.len() as i64 + i64::from(more),
            totals: vec![ColumnTotal {
                amount: Money::jpy(amount),
                weighted: Money::jpy(amount * i64::from(s.probability) / 100),
            }],
            stage: s,
            cards,
            next_cursor: more.then(|| "c".to_owned()),
        }
    }

    fn board() -> BoardState {
        BoardState::from_board(Board {
            pipeline_id: PipelineId(1),
            name: "P".into(),
            columns: vec![
                column(
                    stage(1, 10),
                    vec![card(deal(1, 1, "a", 100)), card(deal(2, 1, "b", 200))],
                    false,
                ),
                column(
                    stage(2, 50),
                    vec![card(deal(3, 2, "a", 1000)), card(deal(4, 2, "m", 1000))],
                    true,
                ),
            ],
            last_event_id: 0,
        })
    }

    #[test]
    fn a_change_older_than_the_card_shown_is_known_as_such() {
        let b = board();
        let mut shown = b.card(DealId(3)).expect("card").deal.clone();
        assert!(!b.shows_newer(&shown), "the same version is not older");
        shown.version -= 1;
        assert!(b.shows_newer(&shown));
        shown.version += 2;
        assert!(!b.shows_newer(&shown));
        assert!(!b.shows_newer(&deal(99, 1, "z", 1)), "a card not loaded");
    }

    fn ids(b: &BoardState, col: usize) -> Vec<i64> {
        b.columns[col].cards.iter().map(|c| c.deal.id.0).collect()
    }

    #[test]
    fn a_local_move_names_its_neighbours_and_moves_the_totals() {
        let mut b = board();
        let (req, undo) = b.move_locally(DealId(2), 1, 1).expect("moved");
        assert_eq!(ids(&b, 0), [1]);
        assert_eq!(ids(&b, 1), [3, 2, 4]);
        assert_eq!(
            (req.stage_id, req.after_id, req.before_id, req.version),
            (StageId(2), Some(DealId(3)), Some(DealId(4)), 1)
        );
        assert_eq!((b.columns[0].count, b.columns[1].count), (1, 4));
        assert_eq!(b.columns[0].totals[0].amount.amount, 100);
        assert_eq!(b.columns[1].totals[0].amount.amount, 2200);
        assert_eq!(b.columns[1].totals[0].weighted.amount, 1100);
        b.undo(undo);
        assert_eq!(b, board(), "undo restores the board exactly");
    }

    #[test]
    fn moving_within_a_column_and_to_the_end() {
        let mut b = board();
        let (req, _) = b.move_locally(DealId(1), 0, 1).expect("reordered");
        assert_eq!(ids(&b, 0), [2, 1]);
        assert_eq!((req.after_id, req.before_id), (Some(DealId(2)), None));
        assert_eq!(b.columns[0].count, 2, "a reorder keeps the count");
        assert!(
            b.move_locally(DealId(1), 0, 1).is_none(),
            "no change, no request"
        );
        assert!(b.move_locally(DealId(99), 0, 0).is_none(), "unknown card");
    }

    #[test]
    fn a_placed_card_goes_by_rank_within_the_loaded_part() {
        let mut b = board();
        // Someone moved deal 1 into stage 2 between "a" and "m".
        b.place(deal(1, 2, "c", 100), false);
        assert_eq!(ids(&b, 0), [2]);
        assert_eq!(ids(&b, 1), [3, 1, 4]);
        assert_eq!(b.columns[1].count, 4);
        // Past the last loaded card of a column with more to load: counted, not shown.
        b.place(deal(2, 2, "z", 200), false);
        assert_eq!(ids(&b, 1), [3, 1, 4]);
        assert_eq!((b.columns[0].count, b.columns[1].count), (0, 5));
        // Into a fully loaded column, at its end.
        b.place(deal(3, 1, "q", 1000), true);
        assert_eq!(ids(&b, 0), [3]);
        assert!(b.columns[0].cards[0].stalled);
    }

    #[test]
    fn a_refused_move_goes_back_then_where_the_server_has_it() {
        let mut b = board();
        let (_, undo) = b.move_locally(DealId(1), 1, 0).expect("moved");
        assert_eq!(b.card(DealId(1)).map(|c| c.deal.stage_id), Some(StageId(2)));
        // 409: back where it was, then placed as the server has it now (moved by someone
        // else to the end of its own stage, with a newer version).
        b.undo(undo);
        let mut now = deal(1, 1, "c", 100);
        now.version = 2;
        b.place(now, false);
        assert_eq!(ids(&b, 0), [2, 1]);
        assert_eq!(ids(&b, 1), [3, 4]);
        assert_eq!(b.card(DealId(1)).map(|c| c.deal.version), Some(2));
        assert_eq!((b.columns[0].count, b.columns[1].count), (2, 3));
        assert_eq!(b.columns[0].totals[0].amount.amount, 300);
        assert_eq!(b.columns[1].totals[0].amount.amount, 2000);
    }

    #[test]
    fn a_change_elsewhere_keeps_what_only_the_board_knows() {
        let mut b = board();
        let first = &mut Arc::make_mut(&mut b.columns[0].cards)[0];
        first.next_activity = Some(shared::api::NextActivity {
            id: shared::ActivityId(7),
            kind: "call".into(),
            subject: "S".into(),
            planned_at: first.deal.updated_at,
        });
        // Someone renamed deal 1 and raised its amount: same place, new figures.
        let mut edited = deal(1, 1, "a", 500);
        edited.title = "Renamed".into();
        edited.version = 2;
        b.place(edited, false);
        assert_eq!(ids(&b, 0), [1, 2]);
        let card = b.card(DealId(1)).expect("still there");
        assert_eq!(card.deal.title, "Renamed");
        assert!(card.next_activity.is_some(), "next activity kept");
        assert_eq!(b.columns[0].count, 2);
        assert_eq!(b.columns[0].totals[0].amount.amount, 700);
        assert_eq!(b.columns[0].totals[0].weighted.amount, 70);
    }

    #[test]
    fn a_move_between_unloaded_parts_changes_only_counts() {
        let mut b = board();
        // Deal 9 left stage 1 (not loaded here) for the unloaded end of stage 2.
        b.left_unloaded(StageId(1), &Money::jpy(50));
        b.place(deal(9, 2, "zz", 50), false);
        assert_eq!(ids(&b, 0), [1, 2]);
        assert_eq!(ids(&b, 1), [3, 4]);
        assert_eq!((b.columns[0].count, b.columns[1].count), (1, 4));
        assert_eq!(b.columns[1].totals[0].amount.amount, 2050);
        // A currency the column has not seen gets its own total.
        b.place(
            DealRow {
                amount: Money {
                    amount: 10,
                    currency: "USD".into(),
                },
                ..deal(10, 1, "c", 0)
            },
            false,
        );
        assert_eq!(b.columns[0].totals.len(), 2);
        assert_eq!(ids(&b, 0), [1, 2, 10]);
    }

    #[test]
    fn a_change_copies_only_its_own_column() {
        let mut b = board();
        let before = b.clone();
        b.move_locally(DealId(1), 0, 1).expect("reordered");
        assert!(!Arc::ptr_eq(&before.columns[0].cards, &b.columns[0].cards));
        assert!(Arc::ptr_eq(&before.columns[1].cards, &b.columns[1].cards));
        assert_eq!(before.columns[1], b.columns[1]);
    }

    #[test]
    fn pages_append_once_and_totals_reconcile() {
        let mut b = board();
        b.append_page(
            1,
            vec![card(deal(4, 2, "m", 1000)), card(deal(5, 2, "n", 5))],
            None,
        );
        assert_eq!(ids(&b, 1), [3, 4, 5]);
        assert!(b.columns[1].next_cursor.is_none());
        let mut fresh = Board {
            pipeline_id: PipelineId(1),
            name: "P".into(),
            columns: vec![column(stage(2, 50), vec![], false)],
            last_event_id: 0,
        };
        fresh.columns[0].count = 42;
        b.reconcile_totals(&fresh);
        assert_eq!(b.columns[1].count, 42);
        assert_eq!(ids(&b, 1), [3, 4, 5], "cards stay");
    }
}
