//! Members: creating them (from the terminal or by a manager), listing them, and a member's
//! own preferences.

use super::audit::{self, Change};
use super::{ServiceError, ServiceResult, now};
use crate::entity::{member, member_role};
use crate::password;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    SqlErr, TransactionSession, TransactionTrait,
};
use shared::api::{MePatch, MemberSummary, NewMember};
use shared::{FieldError, MemberId, Role};
use std::collections::BTreeMap;

/// Creates a member with a hashed password and roles; 409 if the e-mail is taken.
pub async fn create_member<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: Option<MemberId>,
    new: &NewMember,
) -> ServiceResult<MemberSummary> {
    new.validate().map_err(ServiceError::Invalid)?;
    let hash = {
        let pw = new.password.clone();
        tokio::task::spawn_blocking(move || password::hash(&pw))
            .await
            .map_err(|e| ServiceError::Internal(e.to_string()))?
            .map_err(ServiceError::Internal)?
    };
    create_with_hash(db, actor, new, &hash).await
}

/// As [`create_member`], with a password hash made beforehand (the demo team shares one).
pub async fn create_with_hash<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: Option<MemberId>,
    new: &NewMember,
    hash: &str,
) -> ServiceResult<MemberSummary> {
    let email = shared::validate::normalize_email(&new.email);
    let txn = db.begin().await?;
    if member::Entity::find()
        .filter(member::Column::Email.eq(&email))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(email_taken());
    }
    let t = now();
    let m = member::ActiveModel {
        email: Set(email),
        name: Set(new.name.trim().to_owned()),
        password_hash: Set(hash.to_owned()),
        locale: Set(new.locale.unwrap_or_default().as_str().to_owned()),
        time_zone: Set(new
            .time_zone
            .clone()
            .unwrap_or_else(|| "Asia/Tokyo".to_owned())),
        active: Set(true),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => email_taken(),
        _ => ServiceError::Db(e),
    })?;
    let mut roles = new.roles.clone();
    roles.sort();
    roles.dedup();
    for r in &roles {
        member_role::ActiveModel {
            member_id: Set(m.id),
            role: Set(r.as_str().to_owned()),
            weight: Set(1),
            capacity_open: Set(None),
            capacity_daily: Set(None),
            created_at: Set(t),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        actor,
        Change {
            entity: "member",
            entity_id: m.id,
            field: "created",
            old: None,
            new: Some(m.email.clone()),
        },
    )
    .await?;
    let role_names = roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",");
    audit::record(
        &txn,
        actor,
        Change {
            entity: "member",
            entity_id: m.id,
            field: "roles",
            old: None,
            new: Some(role_names),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(MemberSummary {
        id: MemberId(m.id),
        name: m.name,
        roles,
        active: true,
    })
}

fn email_taken() -> ServiceError {
    ServiceError::Invalid(vec![FieldError {
        field: "email".into(),
        code: "taken".into(),
        message: "A member with this e-mail address already exists.".into(),
    }])
}

/// Every member with their roles, active members first, by name.
pub async fn list_members<C: ConnectionTrait>(db: &C) -> ServiceResult<Vec<MemberSummary>> {
    let members = member::Entity::find()
        .order_by_desc(member::Column::Active)
        .order_by_asc(member::Column::Id)
        .all(db)
        .await?;
    let mut roles: BTreeMap<i64, Vec<Role>> = BTreeMap::new();
    for r in member_role::Entity::find().all(db).await? {
        if let Ok(role) = r.role.parse() {
            roles.entry(r.member_id).or_default().push(role);
        }
    }
    Ok(members
        .into_iter()
        .map(|m| {
            let mut rs = roles.remove(&m.id).unwrap_or_default();
            rs.sort();
            MemberSummary {
                id: MemberId(m.id),
                name: m.name,
                roles: rs,
                active: m.active,
            }
        })
        .collect())
}

/// Applies a member's own preference changes, audited.
pub async fn update_preferences<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    id: MemberId,
    patch: &MePatch,
) -> ServiceResult<()> {
    patch.validate().map_err(ServiceError::Invalid)?;
    let txn = db.begin().await?;
    let m = member::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("member"))?;
    let mut a: member::ActiveModel = m.clone().into();
    let mut changes: Vec<(&str, String, String)> = Vec::new();
    if let Some(l) = patch.locale
        && l.as_str() != m.locale
    {
        a.locale = Set(l.as_str().to_owned());
        changes.push(("locale", m.locale.clone(), l.as_str().to_owned()));
    }
    if let Some(tz) = &patch.time_zone
        && *tz != m.time_zone
    {
        a.time_zone = Set(tz.clone());
        changes.push(("time_zone", m.time_zone.clone(), tz.clone()));
    }
    for (field, old, new) in &changes {
        let change = Change {
            entity: "member",
            entity_id: id.0,
            field,
            old: Some(old.clone()),
            new: Some(new.clone()),
        };
        audit::record(&txn, Some(id), change).await?;
    }
    if !changes.is_empty() {
        a.updated_at = Set(now());
        a.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Whether any member exists (the demo team is seeded only into an empty database).
pub async fn any_member<C: ConnectionTrait>(db: &C) -> ServiceResult<bool> {
    Ok(member::Entity::find().one(db).await?.is_some())
}
