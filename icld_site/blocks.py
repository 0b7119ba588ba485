"""StreamField blocks shared by every page type that has a body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        label = _("Heading")
        icon = "title"
        template = "blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        label = _("Image")
        icon = "image"
        template = "blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        label = _("Document")
        icon = "doc-full"
        template = "blocks/document.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        label = _("Quote")
        icon = "openquote"
        template = "blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Link text"), max_length=120)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": _("Choose a page or enter an address.")}
            )
        return value

    class Meta:
        label = _("Call to action")
        icon = "link"
        template = "blocks/call_to_action.html"


class VideoBlock(blocks.StructBlock):
    """A film that renders without any network access: a self-hosted file with
    captions, or a plain link to an external player shown with a poster image."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    video_file = DocumentChooserBlock(label=_("Video file (MP4/WebM)"), required=False)
    captions_file = DocumentChooserBlock(label=_("Captions (WebVTT)"), required=False)
    external_url = blocks.URLBlock(label=_("Link to the film elsewhere"), required=False)
    poster = ImageChooserBlock(label=_("Poster image"), required=False)
    description = blocks.TextBlock(label=_("Short description"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("video_file") and not value.get("external_url"):
            raise blocks.StructBlockValidationError(
                block_errors={"video_file": _("Upload a video file or link to the film.")}
            )
        return value

    class Meta:
        label = _("Video")
        icon = "media"
        template = "blocks/video.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
    )
    image = ImageBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    video = VideoBlock()
