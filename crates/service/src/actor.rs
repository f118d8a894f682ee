//! Who is acting, and what they may do. Every use case checks its actor
//! here, so the API, the pages, the CLI and exports enforce the same rules.

use crate::ServiceError;

/// An administrator's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Every tenant, every action.
    SuperAdmin,
    /// The tenants assigned to the account.
    TenantAdmin,
    /// Only the extensions assigned to the account.
    RestrictedAdmin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::SuperAdmin => "super_admin",
            Role::TenantAdmin => "tenant_admin",
            Role::RestrictedAdmin => "restricted_admin",
        }
    }

    pub fn parse(raw: &str) -> Result<Role, String> {
        match raw {
            "super_admin" => Ok(Role::SuperAdmin),
            "tenant_admin" => Ok(Role::TenantAdmin),
            "restricted_admin" => Ok(Role::RestrictedAdmin),
            _ => Err("must be super_admin, tenant_admin or restricted_admin".into()),
        }
    }
}

/// Permission flags of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    CreateExtensions,
    DeleteExtensions,
    SwitchTechnology,
    ShowPasswords,
    CustomUsernames,
    BulkCreate,
    Import,
    Export,
    EditPjsip,
}

impl Permission {
    pub const ALL: [Permission; 9] = [
        Permission::CreateExtensions,
        Permission::DeleteExtensions,
        Permission::SwitchTechnology,
        Permission::ShowPasswords,
        Permission::CustomUsernames,
        Permission::BulkCreate,
        Permission::Import,
        Permission::Export,
        Permission::EditPjsip,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::CreateExtensions => "create_extensions",
            Permission::DeleteExtensions => "delete_extensions",
            Permission::SwitchTechnology => "switch_technology",
            Permission::ShowPasswords => "show_passwords",
            Permission::CustomUsernames => "custom_usernames",
            Permission::BulkCreate => "bulk_create",
            Permission::Import => "import",
            Permission::Export => "export",
            Permission::EditPjsip => "edit_pjsip",
        }
    }

    pub fn parse(raw: &str) -> Option<Permission> {
        Self::ALL.into_iter().find(|p| p.as_str() == raw)
    }
}

/// Where a change came from (kept in the audit log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Web,
    Api,
    Cli,
    Import,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Web => "web",
            Source::Api => "api",
            Source::Cli => "cli",
            Source::Import => "import",
        }
    }
}

/// An authenticated administrator acting through some source.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub permissions: Vec<Permission>,
    /// Tenant codes a tenant or restricted admin may reach.
    pub tenants: Vec<String>,
    /// `(tenant, number)` a restricted admin may see.
    pub extensions: Vec<(String, String)>,
    pub source: Source,
}

impl Actor {
    /// The CLI acts as a super administrator on the local database.
    pub fn cli() -> Actor {
        Actor {
            user_id: 0,
            username: "cli".into(),
            role: Role::SuperAdmin,
            permissions: Permission::ALL.to_vec(),
            tenants: Vec::new(),
            extensions: Vec::new(),
            source: Source::Cli,
        }
    }

    pub fn is_super(&self) -> bool {
        self.role == Role::SuperAdmin
    }

    /// True when the actor holds `permission` (super admins hold them all).
    pub fn may(&self, permission: Permission) -> bool {
        self.is_super() || self.permissions.contains(&permission)
    }

    /// `Forbidden` unless the actor holds `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), ServiceError> {
        if self.may(permission) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(format!(
                "the {} permission is required",
                permission.as_str()
            )))
        }
    }

    /// `NotFound` unless the actor may reach tenant `code` (no existence leak).
    pub fn require_tenant(&self, code: &str) -> Result<(), ServiceError> {
        if self.is_super() || self.tenants.iter().any(|t| t == code) {
            Ok(())
        } else {
            Err(ServiceError::not_found(format!("tenant {code}")))
        }
    }

    /// For restricted admins, the numbers of `tenant` they may see.
    pub fn visible_numbers(&self, tenant: &str) -> Option<Vec<String>> {
        (self.role == Role::RestrictedAdmin).then(|| {
            self.extensions
                .iter()
                .filter(|(t, _)| t == tenant)
                .map(|(_, n)| n.clone())
                .collect()
        })
    }

    /// `NotFound` unless the actor may see extension `number` of `tenant`.
    pub fn require_extension(&self, tenant: &str, number: &str) -> Result<(), ServiceError> {
        match self.visible_numbers(tenant) {
            Some(numbers) if !numbers.iter().any(|n| n == number) => {
                Err(ServiceError::not_found(format!("extension {number}")))
            }
            _ => Ok(()),
        }
    }

    /// Restricted admins edit their assigned extensions but never create or
    /// delete; this is the check for tenant-wide actions.
    pub fn require_unrestricted(&self) -> Result<(), ServiceError> {
        if self.role == Role::RestrictedAdmin {
            Err(ServiceError::Forbidden(
                "restricted administrators may only edit their assigned extensions".into(),
            ))
        } else {
            Ok(())
        }
    }
}

impl Actor {
    /// True when the actor may see an account with this role and reach
    /// (super admins see all; tenant admins the restricted admins whose
    /// tenants are all theirs; restricted admins none).
    pub fn may_see_user(&self, role: Role, tenants: &[String]) -> bool {
        match self.role {
            Role::SuperAdmin => true,
            Role::TenantAdmin => {
                role == Role::RestrictedAdmin
                    && !tenants.is_empty()
                    && tenants.iter().all(|t| self.tenants.contains(t))
            }
            Role::RestrictedAdmin => false,
        }
    }

    /// `Forbidden` unless the actor may give an account this role, reach
    /// and permissions: tenant admins manage restricted admins of their own
    /// tenants and grant only permissions they hold themselves.
    pub fn require_manage_user(
        &self,
        role: Role,
        tenants: &[String],
        permissions: &[Permission],
    ) -> Result<(), ServiceError> {
        if self.role == Role::RestrictedAdmin {
            return Err(ServiceError::Forbidden(
                "restricted administrators cannot manage accounts".into(),
            ));
        }
        if !self.may_see_user(role, tenants) {
            return Err(ServiceError::Forbidden(
                "tenant administrators manage only restricted administrators of their own tenants"
                    .into(),
            ));
        }
        if let Some(p) = permissions.iter().find(|p| !self.may(**p)) {
            return Err(ServiceError::Forbidden(format!(
                "you cannot grant the {} permission you do not hold",
                p.as_str()
            )));
        }
        Ok(())
    }

    /// `Forbidden` unless the actor may bulk-create extensions (the preview
    /// and the page included).
    pub fn require_bulk_create(&self) -> Result<(), ServiceError> {
        self.require_unrestricted()?;
        self.require(Permission::CreateExtensions)?;
        self.require(Permission::BulkCreate)
    }

    /// `Forbidden` unless the actor may read the audit log of `tenant`
    /// (restricted admins see only their extensions' entries).
    pub fn require_audit(&self, tenant: &str) -> Result<(), ServiceError> {
        self.require_tenant(tenant)
    }
}

impl Actor {
    /// `Forbidden` unless the actor may manage the mail settings and queue
    /// of the system (`None`: super administrators) or of a tenant (its
    /// tenant administrators too; `NotFound` for a tenant out of reach).
    pub fn require_mail(&self, tenant: Option<&str>) -> Result<(), ServiceError> {
        match tenant {
            None if self.is_super() => Ok(()),
            None => Err(ServiceError::Forbidden(
                "only super administrators manage the system's mail".into(),
            )),
            Some(code) => {
                self.require_tenant(code)?;
                self.require_unrestricted()
            }
        }
    }
}
