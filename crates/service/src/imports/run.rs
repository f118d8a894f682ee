//! One pass over an import file: rows are read, parsed and checked 500 at a
//! time against the tenant and the database, and (when writing, inside the
//! caller's transaction) each chunk is written while no error has been
//! found. Checks that need the whole file (virtual members, the extension
//! limit) run at the end; the caller commits only when there is no error.

use std::collections::HashMap;

use pbx_domain::values::ObjectKind;
use pbx_domain::{Extension, ExtensionKind, ExtensionNumber, SipUsername};
use pbx_interchange::read::MAX_ROWS;
use pbx_interchange::{CellError, ImportRow, ReferenceNames, RowParser, read_rows};
use pbx_store::audit::{self, NewEntry};
use pbx_store::extensions::{self, NewRow};
use pbx_store::tenants::StoredTenant;
use pbx_store::{Connection, StoreError, objects, tenants};

use super::row::{self, Planned};
use super::{ImportReport, MAX_REPORTED_ERRORS, Progress};
use crate::extensions::audit::diff;
use crate::extensions::references::{check_objects, member_errors};
use crate::extensions::usernames;
use crate::{Actor, Change, Service, ServiceError, Source};

const CHUNK: usize = 500;

/// The state of one pass.
pub(super) struct Run<'a> {
    service: &'a Service,
    tenant: &'a StoredTenant,
    actor: &'a Actor,
    write: bool,
    progress: Progress<'a>,
    errors: Vec<CellError>,
    /// Problems found past the first [`MAX_REPORTED_ERRORS`].
    unlisted: usize,
    creates: u64,
    updates: u64,
    unchanged: u64,
    /// The line of the first create past the tenant's limit.
    over_limit_line: Option<usize>,
    stored_kinds: HashMap<String, ExtensionKind>,
    object_kinds: HashMap<i64, ObjectKind>,
    /// Rate tables by name, for `call_rate` cells.
    reference_names: ReferenceNames,
    /// Kinds of the numbers in the file (virtual members may name them).
    file_kinds: HashMap<String, ExtensionKind>,
    /// Final usernames in the file, with their line.
    usernames: HashMap<String, usize>,
    /// Virtual extensions to check once every number is known.
    groups: Vec<(usize, ExtensionNumber, Vec<ExtensionNumber>)>,
    /// What the written rows change on the Asterisk nodes.
    change: Change,
}

impl<'a> Run<'a> {
    pub(super) fn new(
        service: &'a Service,
        tenant: &'a StoredTenant,
        actor: &'a Actor,
        write: bool,
        progress: Progress<'a>,
    ) -> Run<'a> {
        Run {
            service,
            tenant,
            actor,
            write,
            progress,
            errors: Vec::new(),
            unlisted: 0,
            creates: 0,
            updates: 0,
            unchanged: 0,
            over_limit_line: None,
            stored_kinds: HashMap::new(),
            object_kinds: HashMap::new(),
            reference_names: ReferenceNames::default(),
            file_kinds: HashMap::new(),
            usernames: HashMap::new(),
            groups: Vec::new(),
            change: Change::tenant(tenant.tenant.code.as_str()),
        }
    }

    /// Reads, checks and (when writing) writes the file; returns the report
    /// and what the written rows change on the nodes.
    pub(super) async fn execute(
        mut self,
        conn: &mut Connection,
        bytes: &[u8],
        file_name: &str,
    ) -> Result<(ImportReport, Change), ServiceError> {
        let unreadable =
            |e: pbx_interchange::ReadError| ServiceError::invalid("file", e.to_string());
        let mut reader = read_rows(bytes, file_name).map_err(unreadable)?;
        let mut parser = RowParser::new(&reader.headers, reader.header_line);
        self.errors.extend_from_slice(parser.header_errors());
        for (number, kind) in extensions::numbers_of_tenant(conn, self.tenant.id).await? {
            if let Ok(kind) = ExtensionKind::parse(&kind) {
                self.stored_kinds.insert(number, kind);
            }
        }
        for object in objects::list(conn, self.tenant.id, None).await? {
            self.object_kinds.insert(object.id, object.kind);
            self.reference_names
                .insert(object.kind, object.id, object.name.as_str());
        }
        let (mut seen, mut chunk) = (0usize, Vec::with_capacity(CHUNK));
        for row in reader.by_ref() {
            seen += 1;
            if seen > MAX_ROWS {
                return Err(unreadable(pbx_interchange::ReadError::TooManyRows {
                    max: MAX_ROWS,
                }));
            }
            if let Some(parsed) = parser.parse(row.map_err(unreadable)?, &mut self.errors) {
                chunk.push(parsed);
            }
            self.cap_errors();
            if chunk.len() == CHUNK {
                self.chunk(conn, std::mem::take(&mut chunk)).await?;
                (self.progress)(seen as u64);
            }
        }
        self.chunk(conn, chunk).await?;
        (self.progress)(seen as u64);
        self.finish(conn).await?;
        self.cap_errors();
        self.errors.sort_by_key(|e| e.line);
        if self.unlisted > 0 {
            self.errors.insert(
                0,
                CellError::new(
                    0,
                    "file",
                    format!(
                        "has {} more problems than the first {MAX_REPORTED_ERRORS} listed here",
                        self.unlisted
                    ),
                ),
            );
        }
        let report = ImportReport {
            source: parser.source(),
            creates: self.creates,
            updates: self.updates,
            unchanged: self.unchanged,
            errors: self.errors,
            unmapped: parser.unmapped().to_vec(),
        };
        Ok((report, self.change))
    }

    /// Checks a chunk of rows and, when writing and nothing is wrong so
    /// far, writes it.
    async fn chunk(
        &mut self,
        conn: &mut Connection,
        rows: Vec<ImportRow>,
    ) -> Result<(), ServiceError> {
        let known: Vec<String> = rows
            .iter()
            .map(|r| r.number.to_string())
            .filter(|n| self.stored_kinds.contains_key(n))
            .collect();
        let stored: HashMap<String, extensions::StoredExtension> =
            extensions::by_numbers(conn, self.tenant.id, &known)
                .await?
                .into_iter()
                .map(|s| (s.extension.number.to_string(), s))
                .collect();
        let visible = self.actor.visible_numbers(self.tenant.tenant.code.as_str());
        let mut scratch = self.tenant.tenant.clone();
        let mut planned: Vec<(usize, Planned)> = Vec::with_capacity(rows.len());
        let mut new_usernames: Vec<(SipUsername, usize, ExtensionNumber)> = Vec::new();
        for row in &rows {
            let number = row.number.to_string();
            let current = stored.get(&number);
            if let Some(kind) = row.kind.or(current.map(|c| c.extension.kind)) {
                self.file_kinds.insert(number.clone(), kind);
            }
            if let Some(visible) = &visible
                && !(current.is_some() && visible.contains(&number))
            {
                self.errors.push(CellError::new(
                    row.line,
                    "number",
                    "restricted administrators may only update their assigned extensions",
                ));
                continue;
            }
            let tenant = &self.tenant.tenant;
            let Some(plan) = row::plan(
                tenant,
                &mut scratch,
                current,
                row,
                self.actor,
                &self.reference_names,
                &mut self.errors,
            ) else {
                continue;
            };
            let extension = plan.extension();
            if let Some(username) = &extension.username {
                let name = username.to_string();
                // Compared folded: chan_sip finds peers ignoring case.
                if let Some(first) = self.usernames.get(&name.to_lowercase()) {
                    self.errors.push(CellError::new(
                        row.line,
                        "username",
                        format!("username {name} is also on line {first}"),
                    ));
                } else {
                    self.usernames.insert(name.to_lowercase(), row.line);
                }
                let moved = match &plan {
                    Planned::Create(_) => true,
                    Planned::Update { current, .. } => {
                        current.extension.username.as_ref() != Some(username)
                    }
                    Planned::Unchanged(_) => false,
                };
                if moved {
                    new_usernames.push((username.clone(), row.line, extension.number.clone()));
                }
            }
            if !matches!(plan, Planned::Unchanged(_)) {
                let objects = check_objects(extension, |id| self.object_kinds.get(&id).copied());
                self.push_field_errors(row.line, objects);
                let members = &extension.settings.information.virtual_members.0;
                if extension.kind == ExtensionKind::Virtual && !members.is_empty() {
                    self.groups
                        .push((row.line, extension.number.clone(), members.clone()));
                }
            }
            match &plan {
                Planned::Create(_) => {
                    self.creates += 1;
                    let limit = self.tenant.tenant.extension_limit;
                    if self.over_limit_line.is_none()
                        && self.tenant.extension_count + self.creates as i64 > limit
                    {
                        self.over_limit_line = Some(row.line);
                    }
                }
                Planned::Update { .. } => self.updates += 1,
                Planned::Unchanged(_) => self.unchanged += 1,
            }
            planned.push((row.line, plan));
        }
        self.check_usernames(conn, new_usernames).await?;
        self.cap_errors();
        if self.write && self.errors.is_empty() {
            self.store(conn, planned).await?;
        }
        Ok(())
    }

    /// Usernames new to their extension must be free and not reserved
    /// (see [`crate::extensions::usernames`]).
    async fn check_usernames(
        &mut self,
        conn: &mut Connection,
        wanted: Vec<(SipUsername, usize, ExtensionNumber)>,
    ) -> Result<(), ServiceError> {
        if wanted.is_empty() {
            return Ok(());
        }
        let pairs: Vec<_> = wanted
            .iter()
            .map(|(u, _, n)| (u.clone(), n.clone()))
            .collect();
        let code = &self.tenant.tenant.code;
        let problems = usernames::problems(conn, self.tenant.id, code, &pairs).await?;
        for ((_, line, _), problem) in wanted.into_iter().zip(problems) {
            if let Some(problem) = problem {
                self.errors.push(CellError::new(line, "username", problem));
            }
        }
        Ok(())
    }

    /// Writes a checked chunk: creates in multi-row inserts, updates one by
    /// one, one audit entry per extension, and the Realtime rows of what
    /// changed (all in the import's transaction).
    async fn store(
        &mut self,
        conn: &mut Connection,
        planned: Vec<(usize, Planned)>,
    ) -> Result<(), ServiceError> {
        let mut audit_entries = Vec::new();
        let mut creates = Vec::new();
        let mut replaced = Vec::new();
        let mut updated = Vec::new();
        for (_, plan) in &planned {
            match plan {
                Planned::Create(extension) => {
                    audit_entries.push(NewEntry {
                        extension: extension.number.to_string(),
                        action: "create",
                        changes: diff(None, Some(extension)),
                    });
                    creates.push((NewRow::of(extension), extension));
                }
                Planned::Update { current, changed } => {
                    let stored =
                        extensions::update(conn, current.id, current.extension.version, changed)
                            .await?;
                    audit_entries.push(NewEntry {
                        extension: changed.number.to_string(),
                        action: "update",
                        changes: diff(Some(&current.extension), Some(&stored.extension)),
                    });
                    replaced.push(&current.extension);
                    updated.push(stored.extension);
                }
                Planned::Unchanged(_) => {}
            }
        }
        let mut written: Vec<&Extension> = creates.iter().map(|(_, e)| *e).collect();
        written.extend(updated.iter());
        let tenant = &self.tenant.tenant;
        self.service
            .mirror_realtime(conn, tenant, self.tenant.id, &replaced, &written)
            .await?;
        self.change
            .add(replaced.iter().copied().chain(written.iter().copied()));
        if !creates.is_empty() {
            extensions::insert_many(conn, self.tenant.id, creates).await?;
        }
        audit::append_many(
            conn,
            &self.actor.username,
            Source::Import.as_str(),
            tenant.code.as_str(),
            audit_entries,
        )
        .await?;
        Ok(())
    }

    /// The checks that need every row: virtual members and the limit; when
    /// writing, the extension counter takes the new extensions.
    async fn finish(&mut self, conn: &mut Connection) -> Result<(), ServiceError> {
        for (line, number, members) in std::mem::take(&mut self.groups) {
            let errors = member_errors(&number, &members, |member| {
                self.file_kinds
                    .get(member)
                    .or_else(|| self.stored_kinds.get(member))
                    .copied()
            });
            self.push_field_errors(line, errors);
        }
        let limit = self.tenant.tenant.extension_limit;
        if let Some(line) = self.over_limit_line {
            let free = (limit - self.tenant.extension_count).max(0);
            self.errors.push(CellError::new(
                line,
                "number",
                format!(
                    "the tenant's extension limit of {limit} is reached: the file creates {} extensions and {free} places are free",
                    self.creates
                ),
            ));
        }
        if self.write && self.errors.is_empty() && self.creates > 0 {
            match tenants::reserve_capacity(conn, self.tenant.id, self.creates as i64).await {
                Ok(()) => {}
                Err(StoreError::LimitReached { limit }) => self.errors.push(CellError::new(
                    0,
                    "number",
                    format!("the tenant's extension limit of {limit} is reached"),
                )),
                Err(other) => return Err(other.into()),
            }
        }
        Ok(())
    }

    /// Keeps the first [`MAX_REPORTED_ERRORS`] problems and counts the
    /// rest, so a file of bad cells cannot grow the report without bound.
    fn cap_errors(&mut self) {
        if self.errors.len() > MAX_REPORTED_ERRORS {
            self.unlisted += self.errors.len() - MAX_REPORTED_ERRORS;
            self.errors.truncate(MAX_REPORTED_ERRORS);
        }
    }

    fn push_field_errors(&mut self, line: usize, errors: pbx_domain::ValidationErrors) {
        for e in errors.0 {
            let column = e.field.rsplit('.').next().unwrap_or(&e.field).to_owned();
            self.errors.push(CellError::new(line, column, e.message));
        }
    }
}
