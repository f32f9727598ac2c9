//! Credentials and sessions. Checking a password runs on a blocking thread (argon2 is slow by
//! design); an unknown address is checked against a decoy hash so it takes as long as a wrong
//! password, and both get the same answer.

use super::{ServiceResult, now};
use crate::entity::{member, member_role, session};
use crate::password;
use crate::session::CurrentMember;
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::api::Me;
use shared::{Locale, MemberId, Role};

/// Don't write `last_seen_at` more often than this.
const TOUCH_EVERY: Duration = Duration::minutes(5);

/// The active member with this e-mail and password, or `None`.
pub async fn authenticate<C: ConnectionTrait>(
    db: &C,
    email: &str,
    pw: &str,
) -> ServiceResult<Option<member::Model>> {
    let email = shared::validate::normalize_email(email);
    let found = member::Entity::find()
        .filter(member::Column::Email.eq(email))
        .one(db)
        .await?;
    let hash = found
        .as_ref()
        .map(|m| m.password_hash.clone())
        .unwrap_or_else(|| password::decoy_hash().to_owned());
    let pw = pw.to_owned();
    let ok = tokio::task::spawn_blocking(move || password::verify(&hash, &pw))
        .await
        .map_err(|e| super::ServiceError::Internal(e.to_string()))?;
    Ok(found.filter(|m| ok && m.active))
}

/// Starts a session for `member_id`; returns the token for the cookie.
pub async fn create_session<C: ConnectionTrait>(
    db: &C,
    member_id: i64,
    days: i64,
) -> ServiceResult<String> {
    let token = crate::session::new_token();
    let t = now();
    session::ActiveModel {
        id: Set(crate::session::token_id(&token)),
        member_id: Set(member_id),
        created_at: Set(t),
        last_seen_at: Set(t),
        expires_at: Set(t + Duration::days(days)),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Ends a session.
pub async fn end_session<C: ConnectionTrait>(db: &C, session_id: &str) -> ServiceResult<()> {
    session::Entity::delete_by_id(session_id.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

/// The member of a live session and the session's expiry, extending its idle expiry; `None` if
/// the session is unknown, expired, or its member is deactivated. `turn` is awaited (a future
/// runs only then) before the session row is written, and only if it is: the caller's writer
/// turn, so that reading a session waits for no one.
pub async fn session_member<C: ConnectionTrait, G>(
    db: &C,
    session_id: &str,
    days: i64,
    turn: impl std::future::Future<Output = G>,
) -> ServiceResult<Option<(CurrentMember, chrono::DateTime<chrono::Utc>)>> {
    let Some(s) = session::Entity::find_by_id(session_id.to_owned())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let t = now();
    if s.expires_at <= t {
        let _turn = turn.await;
        session::Entity::delete_by_id(s.id).exec(db).await?;
        return Ok(None);
    }
    let Some(m) = member::Entity::find_by_id(s.member_id)
        .one(db)
        .await?
        .filter(|m| m.active)
    else {
        return Ok(None);
    };
    let mut expires_at = s.expires_at;
    if t - s.last_seen_at > TOUCH_EVERY {
        let _turn = turn.await;
        expires_at = t + Duration::days(days);
        let mut a: session::ActiveModel = s.clone().into();
        a.last_seen_at = Set(t);
        a.expires_at = Set(expires_at);
        a.update(db).await?;
    }
    let roles = roles_of(db, m.id).await?;
    let member = CurrentMember {
        me: me_of(m, roles),
        session_id: s.id,
    };
    Ok(Some((member, expires_at)))
}

/// The wire form of a member with their roles.
pub fn me_of(m: member::Model, roles: Vec<Role>) -> Me {
    Me {
        id: MemberId(m.id),
        name: m.name,
        email: m.email,
        roles,
        locale: m.locale.parse().unwrap_or(Locale::Ja),
        time_zone: m.time_zone,
    }
}

/// A member's roles, in the canonical order.
pub async fn roles_of<C: ConnectionTrait>(db: &C, member_id: i64) -> ServiceResult<Vec<Role>> {
    let mut roles: Vec<Role> = member_role::Entity::find()
        .filter(member_role::Column::MemberId.eq(member_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| r.role.parse().ok())
        .collect();
    roles.sort();
    Ok(roles)
}

/// Removes sessions past their expiry; returns how many.
pub async fn purge_expired<C: ConnectionTrait>(db: &C) -> ServiceResult<u64> {
    let r = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(now()))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}
