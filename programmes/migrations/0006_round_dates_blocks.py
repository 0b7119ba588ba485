"""A "round dates" block for the content pages' body and the programme page's "When?",
which becomes a StreamField: its rich text, in each language and in every revision, is
kept as one paragraph block."""

import json
import uuid

import wagtail.fields
from django.db import migrations

WHEN_FIELDS = ("when", "when_sv", "when_en")


def as_stream(html):
    if html is None:
        return None
    if not html.strip():
        return "[]"
    return json.dumps([{"type": "paragraph", "value": html, "id": str(uuid.uuid4())}])


def as_html(stream):
    if stream is None:
        return None
    try:
        blocks = json.loads(stream) if stream else []
    except ValueError:
        return stream
    return "".join(str(block.get("value", "")) for block in blocks if block["type"] == "paragraph")


def convert(apps, convert_value):
    ProgrammePage = apps.get_model("programmes", "ProgrammePage")
    for page in ProgrammePage.objects.only(*WHEN_FIELDS):
        values = {name: convert_value(getattr(page, name)) for name in WHEN_FIELDS}
        ProgrammePage.objects.filter(pk=page.pk).update(**values)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="programmes", model="programmepage")
    for revision in Revision.objects.filter(content_type__in=content_type):
        for name in WHEN_FIELDS:
            if isinstance(revision.content.get(name), str):
                revision.content[name] = convert_value(revision.content[name])
        revision.save(update_fields=["content"])


def when_to_stream(apps, schema_editor):
    convert(apps, as_stream)


def when_to_rich_text(apps, schema_editor):
    convert(apps, as_html)


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0005_round_names_and_exceptions'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterField(
            model_name='contentpage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 7), ('document', 10), ('quote', 13), ('call_to_action', 17), ('video', 24), ('round_dates', 28)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Heading 2'), ('h3', 'Heading 3')], 'label': 'Level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'Paragraph'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'Image'}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describe the image for people who cannot see it.', 'label': 'Alternative text', 'max_length': 250}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'Caption', 'max_length': 250, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('image', 4), ('alt_text', 5), ('caption', 6)]], {}), 8: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Document'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'Link text', 'max_length': 200, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('document', 8), ('title', 9)]], {}), 11: ('wagtail.blocks.TextBlock', (), {'label': 'Quote'}), 12: ('wagtail.blocks.CharBlock', (), {'label': 'Attribution', 'max_length': 200, 'required': False}), 13: ('wagtail.blocks.StructBlock', [[('quote', 11), ('attribution', 12)]], {}), 14: ('wagtail.blocks.CharBlock', (), {'label': 'Link text', 'max_length': 120}), 15: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Page', 'required': False}), 16: ('wagtail.blocks.URLBlock', (), {'label': 'External address', 'required': False}), 17: ('wagtail.blocks.StructBlock', [[('text', 14), ('page', 15), ('url', 16)]], {}), 18: ('wagtail.blocks.CharBlock', (), {'label': 'Title', 'max_length': 200}), 19: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Video file (MP4/WebM)', 'required': False}), 20: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Captions (WebVTT)', 'required': False}), 21: ('wagtail.blocks.URLBlock', (), {'label': 'Link to the film elsewhere', 'required': False}), 22: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'Poster image', 'required': False}), 23: ('wagtail.blocks.TextBlock', (), {'label': 'Short description', 'required': False}), 24: ('wagtail.blocks.StructBlock', [[('title', 18), ('video_file', 19), ('captions_file', 20), ('external_url', 21), ('poster', 22), ('description', 23)]], {}), 25: ('wagtail.blocks.CharBlock', (), {'label': 'Text before the dates', 'required': False}), 26: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('all', 'Every round, with its name and dates'), ('next', 'The open round, or else the next one')], 'label': 'Dates'}), 27: ('wagtail.blocks.CharBlock', (), {'label': 'Text after the dates', 'required': False}), 28: ('wagtail.blocks.StructBlock', [[('text_before', 25), ('show', 26), ('text_after', 27)]], {})}, verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='contentpage',
            name='body_en',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 7), ('document', 10), ('quote', 13), ('call_to_action', 17), ('video', 24), ('round_dates', 28)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Heading 2'), ('h3', 'Heading 3')], 'label': 'Level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'Paragraph'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'Image'}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describe the image for people who cannot see it.', 'label': 'Alternative text', 'max_length': 250}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'Caption', 'max_length': 250, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('image', 4), ('alt_text', 5), ('caption', 6)]], {}), 8: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Document'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'Link text', 'max_length': 200, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('document', 8), ('title', 9)]], {}), 11: ('wagtail.blocks.TextBlock', (), {'label': 'Quote'}), 12: ('wagtail.blocks.CharBlock', (), {'label': 'Attribution', 'max_length': 200, 'required': False}), 13: ('wagtail.blocks.StructBlock', [[('quote', 11), ('attribution', 12)]], {}), 14: ('wagtail.blocks.CharBlock', (), {'label': 'Link text', 'max_length': 120}), 15: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Page', 'required': False}), 16: ('wagtail.blocks.URLBlock', (), {'label': 'External address', 'required': False}), 17: ('wagtail.blocks.StructBlock', [[('text', 14), ('page', 15), ('url', 16)]], {}), 18: ('wagtail.blocks.CharBlock', (), {'label': 'Title', 'max_length': 200}), 19: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Video file (MP4/WebM)', 'required': False}), 20: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Captions (WebVTT)', 'required': False}), 21: ('wagtail.blocks.URLBlock', (), {'label': 'Link to the film elsewhere', 'required': False}), 22: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'Poster image', 'required': False}), 23: ('wagtail.blocks.TextBlock', (), {'label': 'Short description', 'required': False}), 24: ('wagtail.blocks.StructBlock', [[('title', 18), ('video_file', 19), ('captions_file', 20), ('external_url', 21), ('poster', 22), ('description', 23)]], {}), 25: ('wagtail.blocks.CharBlock', (), {'label': 'Text before the dates', 'required': False}), 26: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('all', 'Every round, with its name and dates'), ('next', 'The open round, or else the next one')], 'label': 'Dates'}), 27: ('wagtail.blocks.CharBlock', (), {'label': 'Text after the dates', 'required': False}), 28: ('wagtail.blocks.StructBlock', [[('text_before', 25), ('show', 26), ('text_after', 27)]], {})}, null=True, verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='contentpage',
            name='body_sv',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 7), ('document', 10), ('quote', 13), ('call_to_action', 17), ('video', 24), ('round_dates', 28)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Heading 2'), ('h3', 'Heading 3')], 'label': 'Level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'Paragraph'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'Image'}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describe the image for people who cannot see it.', 'label': 'Alternative text', 'max_length': 250}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'Caption', 'max_length': 250, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('image', 4), ('alt_text', 5), ('caption', 6)]], {}), 8: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Document'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'Link text', 'max_length': 200, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('document', 8), ('title', 9)]], {}), 11: ('wagtail.blocks.TextBlock', (), {'label': 'Quote'}), 12: ('wagtail.blocks.CharBlock', (), {'label': 'Attribution', 'max_length': 200, 'required': False}), 13: ('wagtail.blocks.StructBlock', [[('quote', 11), ('attribution', 12)]], {}), 14: ('wagtail.blocks.CharBlock', (), {'label': 'Link text', 'max_length': 120}), 15: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Page', 'required': False}), 16: ('wagtail.blocks.URLBlock', (), {'label': 'External address', 'required': False}), 17: ('wagtail.blocks.StructBlock', [[('text', 14), ('page', 15), ('url', 16)]], {}), 18: ('wagtail.blocks.CharBlock', (), {'label': 'Title', 'max_length': 200}), 19: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Video file (MP4/WebM)', 'required': False}), 20: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Captions (WebVTT)', 'required': False}), 21: ('wagtail.blocks.URLBlock', (), {'label': 'Link to the film elsewhere', 'required': False}), 22: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'Poster image', 'required': False}), 23: ('wagtail.blocks.TextBlock', (), {'label': 'Short description', 'required': False}), 24: ('wagtail.blocks.StructBlock', [[('title', 18), ('video_file', 19), ('captions_file', 20), ('external_url', 21), ('poster', 22), ('description', 23)]], {}), 25: ('wagtail.blocks.CharBlock', (), {'label': 'Text before the dates', 'required': False}), 26: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('all', 'Every round, with its name and dates'), ('next', 'The open round, or else the next one')], 'label': 'Dates'}), 27: ('wagtail.blocks.CharBlock', (), {'label': 'Text after the dates', 'required': False}), 28: ('wagtail.blocks.StructBlock', [[('text_before', 25), ('show', 26), ('text_after', 27)]], {})}, null=True, verbose_name='body'),
        ),
        migrations.RunPython(when_to_stream, when_to_rich_text),
        migrations.AlterField(
            model_name='programmepage',
            name='when',
            field=wagtail.fields.StreamField([('paragraph', 0), ('round_dates', 4)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'Paragraph'}), 1: ('wagtail.blocks.CharBlock', (), {'label': 'Text before the dates', 'required': False}), 2: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('all', 'Every round, with its name and dates'), ('next', 'The open round, or else the next one')], 'label': 'Dates'}), 3: ('wagtail.blocks.CharBlock', (), {'label': 'Text after the dates', 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('text_before', 1), ('show', 2), ('text_after', 3)]], {})}, verbose_name='when?'),
        ),
        migrations.AlterField(
            model_name='programmepage',
            name='when_en',
            field=wagtail.fields.StreamField([('paragraph', 0), ('round_dates', 4)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'Paragraph'}), 1: ('wagtail.blocks.CharBlock', (), {'label': 'Text before the dates', 'required': False}), 2: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('all', 'Every round, with its name and dates'), ('next', 'The open round, or else the next one')], 'label': 'Dates'}), 3: ('wagtail.blocks.CharBlock', (), {'label': 'Text after the dates', 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('text_before', 1), ('show', 2), ('text_after', 3)]], {})}, null=True, verbose_name='when?'),
        ),
        migrations.AlterField(
            model_name='programmepage',
            name='when_sv',
            field=wagtail.fields.StreamField([('paragraph', 0), ('round_dates', 4)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'Paragraph'}), 1: ('wagtail.blocks.CharBlock', (), {'label': 'Text before the dates', 'required': False}), 2: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('all', 'Every round, with its name and dates'), ('next', 'The open round, or else the next one')], 'label': 'Dates'}), 3: ('wagtail.blocks.CharBlock', (), {'label': 'Text after the dates', 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('text_before', 1), ('show', 2), ('text_after', 3)]], {})}, null=True, verbose_name='when?'),
        ),
    ]
