"""Rendering a template to a tagged PDF (shared by the reports and the AVG exports)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def render_to_pdf(template: str, context: dict) -> tuple[str, bytes]:
    """Render ``template`` to HTML and to a tagged PDF (PDF/UA-1). Returns (html, pdf_bytes)."""
    from weasyprint import HTML  # lazily: WeasyPrint is heavy and only needed here

    html = render_to_string(template, context)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=True
    )
    return html, pdf
