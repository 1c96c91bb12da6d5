from django.contrib import admin

from alianza.core.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "purpose", "to", "language", "status", "attempts")
    list_filter = ("status", "purpose", "language")
    search_fields = ("to", "subject")
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
