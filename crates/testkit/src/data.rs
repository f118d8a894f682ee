//! Builders for test data over a [`Service`], applied as the CLI actor.
//!
//! ```no_run
//! # async fn demo(service: &pbx_service::Service) {
//! use pbx_testkit::data::{TestTenant, TestUser};
//! TestTenant::new("ACME").with_extensions(100..110).create(service).await;
//! TestUser::tenant_admin("acme", &["ACME"]).create(service).await;
//! # }
//! ```

use std::ops::Range;

use pbx_service::extensions::ExtensionInput;
use pbx_service::{Actor, Permission, Role, Service};
use serde_json::json;

/// The password of every [`TestUser`] unless it says otherwise.
pub const PASSWORD: &str = "Correct-horse-42";

/// A tenant and its extensions.
#[derive(Debug, Clone)]
pub struct TestTenant {
    code: String,
    name: String,
    limit: u32,
    extensions: Vec<ExtensionInput>,
}

impl TestTenant {
    /// Tenant `code`, named after it, with room for 10 extensions.
    pub fn new(code: &str) -> TestTenant {
        TestTenant {
            code: code.to_owned(),
            name: code.to_owned(),
            limit: 10,
            extensions: Vec::new(),
        }
    }

    /// Its display name.
    pub fn named(mut self, name: &str) -> TestTenant {
        self.name = name.to_owned();
        self
    }

    /// Its extension limit.
    pub fn limit(mut self, limit: u32) -> TestTenant {
        self.limit = limit;
        self
    }

    /// A PJSIP phone for each number, named `Ext {number}`.
    pub fn with_extensions(mut self, numbers: Range<u32>) -> TestTenant {
        for number in numbers {
            let number = number.to_string();
            let name = format!("Ext {number}");
            self.extensions.push(extension("pjsip", &number, &name));
        }
        self
    }

    /// One extension of `kind` (`pjsip`, `sip`, `virtual`, ...).
    pub fn with_extension(mut self, kind: &str, number: &str, name: &str) -> TestTenant {
        self.extensions.push(extension(kind, number, name));
        self
    }

    /// Creates the tenant and its extensions; panics on any refusal.
    pub async fn create(self, service: &Service) {
        let cli = Actor::cli();
        service
            .create_tenant(
                &cli,
                &json!({"code": self.code, "name": self.name, "extension_limit": self.limit}),
            )
            .await
            .unwrap();
        for input in &self.extensions {
            service
                .create_extension(&cli, &self.code, input)
                .await
                .unwrap();
        }
    }
}

/// The input of a new extension.
pub fn extension(kind: &str, number: &str, name: &str) -> ExtensionInput {
    ExtensionInput {
        kind: Some(kind.into()),
        number: Some(number.into()),
        name: Some(name.into()),
        ..Default::default()
    }
}

/// An account.
#[derive(Debug, Clone)]
pub struct TestUser {
    name: String,
    password: String,
    role: Role,
    permissions: Vec<Permission>,
    tenants: Vec<String>,
    extensions: Vec<(String, String)>,
}

impl TestUser {
    /// A super administrator with every permission.
    pub fn super_admin(name: &str) -> TestUser {
        TestUser::new(name, Role::SuperAdmin, &[])
    }

    /// A tenant administrator of `tenants` with every permission.
    pub fn tenant_admin(name: &str, tenants: &[&str]) -> TestUser {
        TestUser::new(name, Role::TenantAdmin, tenants)
    }

    /// A restricted administrator of `numbers` of `tenant`.
    pub fn restricted_admin(name: &str, tenant: &str, numbers: &[&str]) -> TestUser {
        let mut user = TestUser::new(name, Role::RestrictedAdmin, &[tenant]);
        user.extensions = numbers
            .iter()
            .map(|n| (tenant.to_owned(), (*n).to_owned()))
            .collect();
        user
    }

    fn new(name: &str, role: Role, tenants: &[&str]) -> TestUser {
        TestUser {
            name: name.to_owned(),
            password: PASSWORD.to_owned(),
            role,
            permissions: Permission::ALL.to_vec(),
            tenants: tenants.iter().map(|t| (*t).to_owned()).collect(),
            extensions: Vec::new(),
        }
    }

    /// Only these permissions.
    pub fn permissions(mut self, permissions: &[Permission]) -> TestUser {
        self.permissions = permissions.to_vec();
        self
    }

    /// Its password.
    pub fn password(mut self, password: &str) -> TestUser {
        self.password = password.to_owned();
        self
    }

    /// Creates the account; panics on any refusal.
    pub async fn create(self, service: &Service) {
        let tenants: Vec<&str> = self.tenants.iter().map(String::as_str).collect();
        let extensions: Vec<(&str, &str)> = self
            .extensions
            .iter()
            .map(|(t, n)| (t.as_str(), n.as_str()))
            .collect();
        service
            .create_user(
                &self.name,
                &self.password,
                self.role,
                &self.permissions,
                &tenants,
                &extensions,
            )
            .await
            .unwrap();
    }
}

/// A service over a fresh SQLite database in a temp directory (kept while
/// the directory lives).
pub async fn sqlite_service() -> (Service, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = pbx_service::Store::connect(&url).await.unwrap();
    (Service::new(store), dir)
}
