//! Rendering a node's files from the store: every tenant, or only some
//! (the index files always list every tenant).

use std::collections::BTreeSet;

use pbx_asterisk::apply::Storage;
use pbx_asterisk::{FileKind, NodeSettings, RenderedFile, TenantView, render_index, render_tenant};
use pbx_domain::objects::TenantObject;
use pbx_domain::{Extension, Tenant, TenantCode};
use pbx_store::{extensions, objects, tenants};

use crate::{Service, ServiceError};

/// One tenant as the renderers read it, loaded from the store.
struct Loaded {
    tenant: Tenant,
    extensions: Vec<Extension>,
    objects: Vec<TenantObject>,
}

/// Which files a node reads: all three kinds, or only the dialplan when
/// its PJSIP and chan_sip objects come from Realtime.
pub(crate) fn node_reads(storage: &Storage, kind: FileKind) -> bool {
    matches!(storage, Storage::Files) || matches!(kind, FileKind::Dialplan | FileKind::Voicemail)
}

impl Service {
    /// The files of `node`: the tenants in `only` (every tenant when
    /// `None`) and the index files. A Realtime node gets the dialplan and
    /// voicemail files only.
    pub async fn render_node_files(
        &self,
        node: &NodeSettings,
        storage: &Storage,
        only: Option<&BTreeSet<String>>,
    ) -> Result<Vec<RenderedFile>, ServiceError> {
        let mut conn = self.store().conn().await?;
        let all = tenants::list(&mut conn).await?;
        let mut loaded = Vec::new();
        for stored in &all {
            if only.is_some_and(|codes| !codes.contains(stored.tenant.code.as_str())) {
                continue;
            }
            let extensions = extensions::all_of_tenant(&mut conn, stored.id)
                .await?
                .into_iter()
                .map(|s| s.extension)
                .collect();
            let objects = objects::list(&mut conn, stored.id, None).await?;
            loaded.push(Loaded {
                tenant: stored.tenant.clone(),
                extensions,
                objects,
            });
        }
        drop(conn);
        let rendering = |e: pbx_asterisk::RenderError| {
            ServiceError::internal(format!("rendering for node {}", node.name), e)
        };
        let mut files = Vec::with_capacity(loaded.len() * 3 + 3);
        for t in &loaded {
            let view = TenantView {
                tenant: &t.tenant,
                extensions: &t.extensions,
                objects: &t.objects,
            };
            files.extend(render_tenant(node, &view).map_err(rendering)?);
        }
        let codes: Vec<TenantCode> = all.iter().map(|t| t.tenant.code.clone()).collect();
        files.extend(render_index(node, &codes).map_err(rendering)?);
        files.retain(|f| node_reads(storage, f.kind));
        Ok(files)
    }
}
