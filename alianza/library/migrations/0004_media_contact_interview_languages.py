"""A media contact's interview languages become language codes, so each reader sees them
named in their own language; the free text typed before is read as names."""

from django.db import migrations, models

NAMES = {
    "en": ("english", "inglés", "ingles"), "es": ("spanish", "español", "espanol"),
    "vi": ("vietnamese", "vietnamita"), "cmn": ("mandarin", "mandarín", "mandarin chinese"),
    "yue": ("cantonese", "cantonés"), "ar": ("arabic", "árabe"),
    "fil": ("filipino", "tagalog"), "ru": ("russian", "ruso"), "pa": ("punjabi",),
    "ko": ("korean", "coreano"), "uk": ("ukrainian", "ucraniano"), "hmn": ("hmong",),
    "hy": ("armenian", "armenio"), "pt": ("portuguese", "portugués"),
    "mix": ("mixtec", "mixteco"),
}
CODES = {name: code for code, names in NAMES.items() for name in names}


def text_to_codes(apps, schema_editor) -> None:
    MediaContact = apps.get_model("library", "MediaContact")
    for contact in MediaContact.objects.exclude(languages_text=""):
        words = contact.languages_text.replace(" and ", ",").replace(" y ", ",")
        codes = [CODES[w] for w in (p.strip().lower() for p in words.replace(";", ",")
                                    .replace("/", ",").split(",")) if w in CODES]
        contact.languages = list(dict.fromkeys(codes))
        contact.save(update_fields=["languages"])


def codes_to_text(apps, schema_editor) -> None:
    MediaContact = apps.get_model("library", "MediaContact")
    for contact in MediaContact.objects.all():
        contact.languages_text = ", ".join(NAMES[c][0].title() for c in contact.languages
                                           if c in NAMES)
        contact.save(update_fields=["languages_text"])


class Migration(migrations.Migration):
    dependencies = [("library", "0003_search_document_function")]

    operations = [
        migrations.RenameField("mediacontact", "languages", "languages_text"),
        migrations.AddField(
            model_name="mediacontact", name="languages",
            field=models.JSONField(blank=True, default=list, verbose_name="interview languages"),
        ),
        migrations.RunPython(text_to_codes, codes_to_text),
        migrations.RemoveField("mediacontact", "languages_text"),
    ]
