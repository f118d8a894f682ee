//! Renders tenants into files for one node: per tenant one PJSIP, one
//! chan_sip and one dialplan file, plus index files that `#include` them.
//! Output is sorted, so the same input always gives the same bytes.

use std::fmt::Write;

use pbx_domain::objects::TenantObject;
use pbx_domain::{Extension, Tenant, TenantCode};

use crate::chan_sip::sip_peer;
use crate::dialplan::{Names, tenant_contexts, write_contexts};
use crate::error::RenderError;
use crate::node::NodeSettings;
use crate::object::{ConfObject, write_objects};
use crate::pjsip::pjsip_objects;
use crate::shared::sorted;
use crate::voicemail::voicemail_section;
use pbx_domain::voicemail::mailboxes;

/// What the renderers read of one tenant.
#[derive(Debug, Clone, Copy)]
pub struct TenantView<'a> {
    pub tenant: &'a Tenant,
    pub extensions: &'a [Extension],
    pub objects: &'a [TenantObject],
}

/// The kind of a rendered file, which decides the reload it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Pjsip,
    Sip,
    Dialplan,
    /// The tenant's voicemail boxes (`voicemail.conf`).
    Voicemail,
}

impl FileKind {
    /// Every kind, in file order.
    pub const ALL: [FileKind; 4] = [
        FileKind::Pjsip,
        FileKind::Sip,
        FileKind::Dialplan,
        FileKind::Voicemail,
    ];

    /// `pjsip`, `sip`, `extensions`: the stem of the file names.
    pub fn stem(self) -> &'static str {
        match self {
            FileKind::Pjsip => "pjsip",
            FileKind::Sip => "sip",
            FileKind::Dialplan => "extensions",
            FileKind::Voicemail => "voicemail",
        }
    }

    /// The name of a tenant's file of this kind, e.g. `pjsip-ACME.conf`.
    pub fn tenant_file(self, code: &TenantCode) -> String {
        format!("{}-{code}.conf", self.stem())
    }

    /// The name of the node's index file of this kind, e.g. `pbx-pjsip.conf`.
    pub fn index_file(self) -> String {
        format!("pbx-{}.conf", self.stem())
    }
}

/// One file to write into the node's output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// The file name (no directories).
    pub name: String,
    pub kind: FileKind,
    /// The tenant, or `None` for an index file.
    pub tenant: Option<TenantCode>,
    pub contents: String,
}

/// The three files of one tenant.
pub fn render_tenant(
    node: &NodeSettings,
    view: &TenantView,
) -> Result<Vec<RenderedFile>, RenderError> {
    let code = &view.tenant.code;
    let unsafe_in = |extension: String| {
        move |source| RenderError::Unsafe {
            tenant: code.to_string(),
            extension,
            source,
        }
    };
    let header = |kind: &str| {
        format!(
            "; {kind} of tenant {code} for node {}, written by pbx: do not edit\n\n",
            safe_comment(&node.name)
        )
    };
    let mut pjsip = header("PJSIP endpoints");
    let mut sip = header("chan_sip peers");
    for extension in sorted(view.extensions) {
        let number = extension.number.to_string();
        if let Some(objects) = pjsip_objects(node, view.tenant, view.objects, extension) {
            let _ = writeln!(pjsip, "; extension {number}");
            write_objects(&mut pjsip, &objects).map_err(unsafe_in(number.clone()))?;
        }
        if let Some(peer) = sip_peer(node, view.tenant, view.objects, extension) {
            let _ = writeln!(sip, "; extension {number}");
            write_objects(&mut sip, std::slice::from_ref::<ConfObject>(&peer))
                .map_err(unsafe_in(number.clone()))?;
        }
    }
    let names = Names::new(node, code).map_err(RenderError::Node)?;
    let contexts = tenant_contexts(&names, view)
        .map_err(|(extension, source)| unsafe_in(extension)(source))?;
    let mut dialplan = header("Dialplan");
    write_contexts(&mut dialplan, &contexts);
    let mut voicemail = header("Voicemail boxes");
    voicemail.push_str(
        &voicemail_section(
            code.as_str(),
            &mailboxes(view.extensions, view.objects),
            node.mails_voicemail,
        )
        .map_err(|source| RenderError::Unsafe {
            tenant: code.to_string(),
            extension: "voicemail".into(),
            source,
        })?,
    );
    let file = |kind: FileKind, contents: String| RenderedFile {
        name: kind.tenant_file(code),
        kind,
        tenant: Some(code.clone()),
        contents,
    };
    Ok(vec![
        file(FileKind::Pjsip, pjsip),
        file(FileKind::Sip, sip),
        file(FileKind::Dialplan, dialplan),
        file(FileKind::Voicemail, voicemail),
    ])
}

/// The node's index files: each `#include`s the tenant files of its kind;
/// the dialplan index also holds the context inter-node calls arrive in.
pub fn render_index(
    node: &NodeSettings,
    codes: &[TenantCode],
) -> Result<Vec<RenderedFile>, RenderError> {
    let mut codes = codes.to_vec();
    codes.sort();
    codes.dedup();
    let mut files = Vec::new();
    for kind in FileKind::ALL {
        let mut text = format!(
            "; {} index for node {}, written by pbx: do not edit\n\n",
            kind.stem(),
            safe_comment(&node.name)
        );
        for code in &codes {
            let path = node.output_dir.join(kind.tenant_file(code));
            let path = crate::escape::conf_value("output dir", &path.to_string_lossy())
                .map_err(RenderError::Node)?;
            let _ = writeln!(text, "#include {path}");
        }
        if kind == FileKind::Dialplan {
            let roots = [
                Names::internode_root(&node.context_prefix),
                Names::providers_root(&node.context_prefix),
            ];
            for (i, root) in roots.iter().enumerate() {
                crate::escape::dial_literal("context prefix", root).map_err(RenderError::Node)?;
                let _ = writeln!(text, "\n[{root}]");
                for code in &codes {
                    let names = Names::new(node, code).map_err(RenderError::Node)?;
                    let tenant = if i == 0 {
                        &names.internode
                    } else {
                        &names.providers
                    };
                    let _ = writeln!(text, "include => {tenant}");
                }
            }
        }
        files.push(RenderedFile {
            name: kind.index_file(),
            kind,
            tenant: None,
            contents: text,
        });
    }
    Ok(files)
}

/// Every tenant's files and the index files of a node.
pub fn render_node(
    node: &NodeSettings,
    tenants: &[TenantView],
) -> Result<Vec<RenderedFile>, RenderError> {
    let mut views: Vec<&TenantView> = tenants.iter().collect();
    views.sort_by(|a, b| a.tenant.code.cmp(&b.tenant.code));
    let mut files = Vec::with_capacity(views.len() * 4 + 4);
    for view in &views {
        files.extend(render_tenant(node, view)?);
    }
    let codes: Vec<TenantCode> = views.iter().map(|v| v.tenant.code.clone()).collect();
    files.extend(render_index(node, &codes)?);
    Ok(files)
}

/// Renders every tenant and returns the number of bytes produced (the
/// `pbx bench` measure; nothing is written to disk).
pub fn render_all(node: &NodeSettings, tenants: &[TenantView]) -> Result<usize, RenderError> {
    let mut bytes = 0;
    for view in tenants {
        bytes += render_tenant(node, view)?
            .iter()
            .map(|f| f.contents.len())
            .sum::<usize>();
    }
    Ok(bytes)
}

/// Node names in comments: letters, digits and `-_.` only.
fn safe_comment(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
        .collect()
}
