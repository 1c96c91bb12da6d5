"""Staff screens: lists, segments, mailings (preview, test-send, send, report), bounces."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template import TemplateSyntaxError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from alianza.core.admin_languages import language_column, language_filter
from alianza.core.csp import email_preview_policy
from alianza.core.email_address import email_formfield_overrides
from alianza.outreach import conf, models, selectors
from alianza.outreach.forms import TestSendForm
from alianza.outreach.services import bounces, preview, sending
from alianza.outreach.services.templates import template_check


class MailingListTextInline(admin.StackedInline):
    model = models.MailingListText
    extra = 0


class WelcomeStepInline(admin.TabularInline):
    model = models.WelcomeStep
    extra = 0


@admin.register(models.MailingList)
class MailingListAdmin(admin.ModelAdmin):
    list_display = ("slug", "is_public", "workgroup", "confirmed")
    inlines = [MailingListTextInline, WelcomeStepInline]

    @admin.display(description=_("confirmed subscribers"))
    def confirmed(self, obj):
        return obj.subscriptions.filter(status=models.Subscription.Status.CONFIRMED).count()


@admin.register(models.Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("person", "mailing_list", "status", "created_at", "confirmed_at", "source")
    list_filter = ("status", "mailing_list")
    search_fields = ("person__email", "person__name")
    raw_id_fields = ("person",)


class TaggingInline(admin.TabularInline):
    model = models.Tagging
    raw_id_fields = ("person",)
    fields = ("person",)
    extra = 0


@admin.register(models.Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("slug", "name")
    inlines = (TaggingInline,)


@admin.register(models.Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ("name", "updated_at")
    readonly_fields = ("size",)

    @admin.display(description=_("who it reaches now"))
    def size(self, obj):
        if not obj.pk:
            return "—"
        resolution = selectors.segment_summary(segment=obj)
        rows = format_html_join("", "<li>{}: {}</li>", resolution.excluded_labels())
        return format_html("<strong>{}</strong> {}<ul>{}</ul>", resolution.count,
                           _("recipients; left out:"), rows)


class MailingContentInline(admin.StackedInline):
    model = models.MailingContent
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.status in (models.Mailing.Status.DRAFT,
                                             models.Mailing.Status.SCHEDULED)

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(models.Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "scheduled_at", "recipient_count", "finished_at")
    list_filter = ("status",)
    inlines = [MailingContentInline]
    actions = ["send_now", "cancel"]
    readonly_fields = ("status", "started_at", "finished_at", "problem", "tools", "report")
    fieldsets = (
        (None, {"fields": ("name", "segment", "from_name", "reply_to", "provider",
                           "scheduled_at", "tracking")}),
        (_("Sending"), {"fields": ("status", "problem", "tools", "started_at", "finished_at",
                                   "report")}),
    )

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.status not in (models.Mailing.Status.DRAFT,
                                      models.Mailing.Status.SCHEDULED):
            return [f.name for f in models.Mailing._meta.fields] + ["tools", "report"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        mailing = form.instance
        if mailing.status == models.Mailing.Status.DRAFT and mailing.scheduled_at:
            errors = sending.mailing_schedule(mailing=mailing, when=mailing.scheduled_at)
            for error in errors:
                self.message_user(request, error, messages.ERROR)

    @admin.display(description=_("preview and test"))
    def tools(self, obj):
        if not obj or not obj.pk:
            return _("Save first.")
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:outreach_mailing_preview", args=[obj.pk]), _("Preview"),
            reverse("admin:outreach_mailing_test", args=[obj.pk]), _("Send a test"))

    @admin.display(description=_("report"))
    def report(self, obj):
        if not obj or not obj.pk:
            return "—"
        r = selectors.mailing_report(mailing=obj)
        rows = [(_("Recipients"), r.recipients), (_("Waiting to send"), r.queued),
                (_("Sent (accepted by the mail server)"), r.sent),
                (_("Delivered (sent and not bounced)"), r.delivered),
                (_("Bounced"), r.bounced), (_("Failed"), r.failed),
                (_("Unsubscribed"), r.unsubscribed), (_("Complaints"), r.complaints)]
        if r.opens is None:
            rows.append((_("Opens and clicks"), _("not counted: tracking is off (the default)")))
        else:
            rows += [(_("Opens (undercounted: many apps block images)"), r.opens),
                     (_("Clicks"), r.clicks)]
        excluded = [(selectors.EXCLUSION_REASONS.get(k, k), n)
                    for k, n in (obj.excluded_counts or {}).items() if n]
        return format_html("<table>{}</table>{}",
                           format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
                           format_html("<p>{}</p><ul>{}</ul>", _("Left out when sending:"),
                                       format_html_join("", "<li>{}: {}</li>", excluded))
                           if excluded else "")

    @admin.action(description=_("Send now"))
    def send_now(self, request, queryset):
        for mailing in queryset:
            errors = sending.mailing_start(mailing_id=mailing.pk)
            if errors:
                self.message_user(request, f"{mailing}: " + " ".join(errors), messages.ERROR)
            else:
                self.message_user(request, _("%(name)s is being sent.") % {"name": mailing})

    @admin.action(description=_("Cancel"))
    def cancel(self, request, queryset):
        for mailing in queryset:
            sending.mailing_cancel(mailing=mailing)

    def get_urls(self):
        return [
            path("<int:pk>/preview/",
                 self.admin_site.admin_view(email_preview_policy(self.preview_view)),
                 name="outreach_mailing_preview"),
            path("<int:pk>/test/", self.admin_site.admin_view(self.test_view),
                 name="outreach_mailing_test"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        mailing = get_object_or_404(models.Mailing, pk=pk)
        previews = [(code, name, preview.mailing_preview(mailing=mailing, language=code))
                    for code, name in conf.settings.LANGUAGES]
        return TemplateResponse(request, "outreach/admin/preview.html", {
            **self.admin_site.each_context(request), "mailing": mailing, "previews": previews,
            "title": _("Preview of %(name)s") % {"name": mailing}})

    def test_view(self, request, pk):
        mailing = get_object_or_404(models.Mailing, pk=pk)
        form = TestSendForm(request.POST or None, initial={"address": request.user.email})
        if request.method == "POST" and form.is_valid():
            errors = preview.mailing_test_send(mailing=mailing,
                                               address=form.cleaned_data["address"],
                                               language=form.cleaned_data["language"])
            if not errors:
                self.message_user(request, _("Test sent."))
                return redirect("admin:outreach_mailing_change", pk)
            for error in errors:
                form.add_error(None, error)
        return TemplateResponse(request, "outreach/admin/test_send.html", {
            **self.admin_site.each_context(request), "mailing": mailing, "form": form,
            "title": _("Send a test of %(name)s") % {"name": mailing}})


@admin.register(models.Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("mailing", "address", language_column("language", _("language")), "status",
                    "attempts", "sent_at")
    list_filter = ("status", "mailing")
    search_fields = ("address",)
    readonly_fields = [f.name for f in models.Delivery._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(models.MailingEvent)
class MailingEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "address", "mailing")
    list_filter = ("kind",)
    search_fields = ("address",)
    readonly_fields = [f.name for f in models.MailingEvent._meta.fields]


@admin.register(models.Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    formfield_overrides = email_formfield_overrides()
    """Suppression is global. To lift one, write the reason and save."""

    list_display = ("address", "reason", "created_at", "lifted_at", "lifted_by")
    list_filter = ("reason", ("lifted_at", admin.EmptyFieldListFilter))
    search_fields = ("address",)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("lifted_at", "lifted_by", "lift_reason")
        fixed = ("address", "reason", "detail", "created_at", "lifted_at", "lifted_by")
        return (*fixed, "lift_reason") if obj.lifted_at else fixed

    def save_model(self, request, obj, form, change):
        if change and obj.lift_reason.strip() and obj.lifted_at is None:
            bounces.suppression_lift(suppression=obj, user=request.user, reason=obj.lift_reason)
            return
        if not change:
            obj.address = obj.address.strip().lower()
            obj.reason = obj.reason or models.Suppression.Reason.MANUAL
        super().save_model(request, obj, form, change)


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = models.EmailTemplate
        fields = ("key", "language", "subject", "body")

    def clean(self):
        data = super().clean()
        for field in ("subject", "body"):
            try:
                template_check(data.get(field) or "")
            except TemplateSyntaxError as error:
                self.add_error(field, _("This template cannot be used: %(error)s") % {
                    "error": error})
        return data


@admin.register(models.EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    """Known keys: coalition/email/confirm, coalition/email/signed,
    coalition/email/application_approved, coalition/email/application_declined,
    outreach/email/confirm_subscription, and the keys of welcome steps."""

    form = EmailTemplateForm
    list_display = ("key", language_column("language", _("language")), "subject", "updated_at")
    list_filter = (language_filter("language", _("language")),)
    search_fields = ("key", "subject")
