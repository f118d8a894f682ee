//! QR codes as SVG documents (TOTP enrolment, fast provisioning).

use qrcode::QrCode;
use qrcode::render::svg;

use crate::ServiceError;

/// `text` as a QR code in an SVG document at least `size` pixels wide.
pub fn svg(text: &str, size: u32) -> Result<String, ServiceError> {
    Ok(QrCode::new(text.as_bytes())
        .map_err(|e| ServiceError::internal("QR code", e))?
        .render::<svg::Color<'_>>()
        .min_dimensions(size, size)
        .build())
}
