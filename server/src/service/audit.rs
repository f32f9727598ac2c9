//! Writes to the append-only audit log. Nothing updates or deletes its rows.

use crate::entity::audit;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};
use shared::MemberId;

/// One changed field.
#[derive(Clone, Debug)]
pub struct Change<'a> {
    /// What kind of thing (`member`, `deal`, …).
    pub entity: &'a str,
    /// Its id.
    pub entity_id: i64,
    /// The field (`created` for a new record).
    pub field: &'a str,
    /// Value before.
    pub old: Option<String>,
    /// Value after.
    pub new: Option<String>,
}

/// Appends one entry, by `actor` (None for the system or the terminal).
pub async fn record<C: ConnectionTrait>(
    db: &C,
    actor: Option<MemberId>,
    change: Change<'_>,
) -> Result<(), DbErr> {
    audit::ActiveModel {
        member_id: Set(actor.map(|m| m.0)),
        entity: Set(change.entity.to_owned()),
        entity_id: Set(change.entity_id),
        field: Set(change.field.to_owned()),
        old_value: Set(change.old),
        new_value: Set(change.new),
        at: Set(super::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Appends several entries (by whom, what, when) in one statement.
pub async fn record_rows<C: ConnectionTrait>(
    db: &C,
    rows: &[(MemberId, Change<'_>, chrono::DateTime<chrono::Utc>)],
) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    let models = rows.iter().map(|(actor, c, at)| audit::ActiveModel {
        member_id: Set(Some(actor.0)),
        entity: Set(c.entity.to_owned()),
        entity_id: Set(c.entity_id),
        field: Set(c.field.to_owned()),
        old_value: Set(c.old.clone()),
        new_value: Set(c.new.clone()),
        at: Set(*at),
        ..Default::default()
    });
    audit::Entity::insert_many(models)
        .exec_without_returning(db)
        .await?;
    Ok(())
}
