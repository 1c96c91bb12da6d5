from django.contrib import admin

from alianza.core.admin_languages import language_column, language_filter
from alianza.core.models import OutboundEmail

_LANGUAGE = OutboundEmail._meta.get_field("language").verbose_name


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "purpose", "to", language_column("language", _LANGUAGE),
                    "status", "attempts")
    list_filter = ("status", "purpose", language_filter("language", _LANGUAGE))
    search_fields = ("to", "subject")
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
