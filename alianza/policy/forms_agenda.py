"""Forms of the agenda pages: the public filters, and staff's agenda, item, citation and
status forms."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alianza.evidence.models import Entity
from alianza.policy.models import (
    Agenda,
    AgendaItem,
    AgendaLevel,
    AgendaStatus,
    Bill,
    BudgetItem,
    CitationLevel,
    IssueArea,
    LegislativeSession,
)
from alianza.policy.selectors.citations import citable_metrics, entity_for_place
from alianza.policy.tracker_identifiers import identifier_normalise

Kind = AgendaItem.Kind
def _languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def bill_identifier(text: str) -> str | None:
    """"AB 1947", "ab1947", "A.B. 1947" and "Assembly Bill 1947" all read "AB 1947"."""
    return identifier_normalise(text)


@dataclass
class LanguageFields:
    code: str
    name: str
    fields: list


class _TextsMixin:
    """Title and text fields per language; at least one language needs a title."""

    text_fields: tuple[tuple[str, str], ...] = ()
    title_length = 200

    def add_text_fields(self, body_label_en: str) -> None:
        for code, name in _languages():
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name}, required=False,
                max_length=self.title_length, widget=forms.TextInput(attrs={"lang": code}))
            self.fields[f"{self.body_name}_{code}"] = forms.CharField(
                label=body_label_en % {"language": name}, required=False, max_length=20_000,
                widget=forms.Textarea(attrs={"lang": code, "rows": 6}))

    def language_groups(self) -> list[LanguageFields]:
        return [LanguageFields(code, name, [self[f"title_{code}"],
                                            self[f"{self.body_name}_{code}"]])
                for code, name in _languages()]

    def clean_texts(self, data: dict) -> None:
        titled = False
        for code, _name in _languages():
            title = (data.get(f"title_{code}") or "").strip()
            body = (data.get(f"{self.body_name}_{code}") or "").strip()
            titled = titled or bool(title)
            if body and not title:
                self.add_error(f"title_{code}", _("Give a title in this language too, or "
                                                  "leave its text empty."))
        if not titled:
            self.add_error(f"title_{settings.LANGUAGE_CODE}",
                           _("Write a title in at least one language."))

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {code: {"title": data.get(f"title_{code}", "").strip(),
                       self.body_name: data.get(f"{self.body_name}_{code}", "").strip()}
                for code, _name in _languages()}


class AgendaForm(_TextsMixin, forms.Form):
    body_name = "introduction"

    slug = forms.SlugField(
        label=_("Short name in links"), max_length=80,
        help_text=_("Lower-case letters, numbers and hyphens, e.g. 2023-24."))
    year_label = forms.CharField(label=_("Year or session"), max_length=20,
                                 help_text=_("As readers see it, e.g. 2023-24."))
    session = forms.ModelChoiceField(
        label=_("Legislative session"), required=False,
        queryset=LegislativeSession.objects.all(),
        help_text=_("Bills named in the agenda's items are looked up in this session."))

    def __init__(self, *args, agenda: Agenda | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.agenda = agenda
        self.add_text_fields(_("Introduction (%(language)s)"))

    @classmethod
    def initial_from(cls, agenda: Agenda) -> dict:
        initial = {"slug": agenda.slug, "year_label": agenda.year_label,
                   "session": agenda.session_id}
        for text in agenda.texts.all():
            initial[f"title_{text.language}"] = text.title
            initial[f"introduction_{text.language}"] = text.introduction
        return initial

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        others = Agenda.objects.filter(slug=slug)
        if self.agenda is not None:
            others = others.exclude(pk=self.agenda.pk)
        if others.exists():
            raise forms.ValidationError(_("Another agenda already uses this short name."))
        return slug

    def clean(self) -> dict:
        data = super().clean()
        self.clean_texts(data)
        return data


class BudgetItemsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: BudgetItem) -> str:
        return obj.name


class IssueAreasField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: IssueArea) -> str:
        return obj.name


class PriorityField(forms.ModelChoiceField):
    """The agenda's priorities by number and title (set by the form from the editor's list)."""

    titles: dict[int, str] = {}

    def label_from_instance(self, obj: AgendaItem) -> str:
        return self.titles.get(obj.pk) or str(obj)


class AgendaItemForm(_TextsMixin, forms.Form):
    body_name = "body"
    title_length = 300

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    parent = PriorityField(label=_("Under the priority"), required=False,
                           queryset=AgendaItem.objects.none(),
                           empty_label=_("None (a recommendation on its own)"),
                           help_text=_("Only for a recommendation."))
    level = forms.ChoiceField(label=_("Level"), choices=AgendaLevel.choices)
    issue_areas = IssueAreasField(label=_("Issue areas"), required=False,
                                  queryset=IssueArea.objects.all(),
                                  widget=forms.CheckboxSelectMultiple)
    bills = forms.CharField(
        label=_("Bills that carry it"), required=False, max_length=500,
        help_text=_("Bill numbers separated by commas, e.g. AB 1947, SB 10."))
    budget_items = BudgetItemsField(label=_("Budget items that carry it"), required=False,
                                    queryset=BudgetItem.objects.none(),
                                    widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, agenda: Agenda, item: AgendaItem | None = None,
                 priorities: list[AgendaItem] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.agenda, self.item = agenda, item
        others = [p for p in (priorities or []) if item is None or p.pk != item.pk]
        self.fields["parent"].queryset = AgendaItem.objects.filter(
            pk__in=[p.pk for p in others]).order_by("position", "pk")
        self.fields["parent"].titles = {p.pk: getattr(p, "staff_title", "") for p in others}
        chosen = list(item.budget_items.values_list("pk", flat=True)) if item else []
        budget = BudgetItem.objects.all()
        if agenda.session_id:
            budget = budget.filter(Q(session=agenda.session_id) | Q(session__isnull=True)
                                   | Q(pk__in=chosen))
        self.fields["budget_items"].queryset = budget.order_by("name")
        self.add_text_fields(_("Text (%(language)s)"))

    @classmethod
    def initial_from(cls, item: AgendaItem) -> dict:
        initial = {"kind": item.kind, "parent": item.parent_id, "level": item.level,
                   "issue_areas": list(item.issue_areas.all()),
                   "budget_items": list(item.budget_items.all()),
                   "bills": ", ".join(item.bills.order_by("identifier")
                                      .values_list("identifier", flat=True))}
        for text in item.texts.all():
            initial[f"title_{text.language}"] = text.title
            initial[f"body_{text.language}"] = text.body
        return initial

    def clean_bills(self) -> list[Bill]:
        raw = self.cleaned_data.get("bills", "")
        found, unknown = [], []
        for part in [p.strip() for p in raw.split(",") if p.strip()]:
            identifier = bill_identifier(part)
            if identifier is None:
                raise forms.ValidationError(
                    _("“%(text)s” is not a bill number. Write it like AB 1947 or SB 10."),
                    params={"text": part[:40]})
            bills = Bill.objects.filter(identifier=identifier)
            if self.agenda.session_id:
                bills = bills.filter(session=self.agenda.session_id)
            matches = list(bills[:2])
            if len(matches) == 1:
                if matches[0] not in found:
                    found.append(matches[0])
            elif matches:
                raise forms.ValidationError(
                    _("%(bill)s exists in several sessions: choose the agenda's legislative "
                      "session first."), params={"bill": identifier})
            else:
                unknown.append(identifier)
        if unknown:
            session = self.agenda.session.name if self.agenda.session_id else ""
            raise forms.ValidationError(
                _("Not in the bill tracker%(session)s: %(bills)s. Add or import the bill "
                  "first."), params={"bills": ", ".join(unknown),
                                     "session": f" ({session})" if session else ""})
        return found

    def clean(self) -> dict:
        data = super().clean()
        self.clean_texts(data)
        if data.get("kind") == Kind.PRIORITY:
            data["parent"] = None
        if (self.item is not None and data.get("kind") == Kind.RECOMMENDATION
                and self.item.kind == Kind.PRIORITY and self.item.recommendations.exists()):
            self.add_error("kind", _("This priority has recommendations under it: move them "
                                     "first, or keep it a priority."))
        return data


class CitationForm(forms.Form):
    """One figure an item cites: what, for which place. The number is read when shown."""

    metric = forms.ChoiceField(label=_("Figure"), required=False,
                               choices=lambda: [("", "—"), *citable_metrics()])
    level = forms.ChoiceField(label=_("Level"), required=False,
                              choices=[("", "—"), *CitationLevel.choices])
    place = forms.CharField(
        label=_("Place"), required=False, max_length=200,
        help_text=_("A county or district name as on the data pages, or its code (19 for Los "
                    "Angeles County, or a 14-digit CDS code). Not needed for the state."))
    remove = forms.BooleanField(label=_("Remove this figure"), required=False)

    def is_used(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("remove") and bool(
            data.get("metric") or data.get("level") or (data.get("place") or "").strip())

    def clean(self) -> dict:
        data = super().clean()
        if not self.is_used():
            return data
        if not data.get("metric"):
            self.add_error("metric", _("Choose the figure to cite."))
        level = data.get("level")
        if not level:
            self.add_error("level", _("Choose the state, a county or a district."))
            return data
        entity, candidates = entity_for_place(level, data.get("place", ""))
        if entity is not None:
            data["cds_code"] = entity.cds_code
            return data
        if candidates:
            self.add_error("place", _("Several places have this name; type the CDS code "
                                      "instead: %(codes)s.") % {
                "codes": ", ".join(e.cds_code for e in candidates[:5])})
        elif level == CitationLevel.STATE:
            self.add_error("level", _("No state figures have been imported yet. Import the "
                                      "data files first."))
        elif not (data.get("place") or "").strip():
            self.add_error("place", _("Name the county or district."))
        else:
            level_name = dict(CitationLevel.choices)[level].lower()
            self.add_error("place", _("No %(level)s called “%(place)s” in the imported data. "
                                      "Check the spelling on the data pages, or type its "
                                      "code.") % {"level": level_name,
                                                  "place": data["place"][:80]})
        return data


CitationFormSet = forms.formset_factory(CitationForm, extra=2, max_num=12, absolute_max=12,
                                        validate_max=True)


def citation_initial(item: AgendaItem | None) -> list[dict]:
    if item is None:
        return []
    entities = {(e.level, e.cds_code): e for e in Entity.objects.filter(
        cds_code__in=[c.cds_code for c in item.citations.all()])}
    rows = []
    for citation in item.citations.all():
        entity = entities.get((citation.level, citation.cds_code))
        place = "" if citation.level == CitationLevel.STATE else (
            citation.cds_code[:2] if citation.level == CitationLevel.COUNTY
            else citation.cds_code)
        if entity is not None and citation.level == CitationLevel.DISTRICT:
            place = entity.cds_code
        rows.append({"metric": citation.metric, "level": citation.level, "place": place})
    return rows


def citation_values(formset) -> list[dict[str, str]]:
    return [{"level": f.cleaned_data["level"], "cds_code": f.cleaned_data["cds_code"],
             "metric": f.cleaned_data["metric"]}
            for f in formset.forms if f.cleaned_data and f.is_used()]


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AgendaStatus.choices)
    note = forms.CharField(
        label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the item's history, e.g. “Signed by the Governor on "
                    "September 22”."),
        error_messages={"required": _("Say why the status changes: the note is kept in the "
                                      "history.")})

    def __init__(self, *args, item: AgendaItem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.item = item

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(self.fields["note"].error_messages["required"])
        return note

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        if status == self.item.status:
            raise forms.ValidationError(_("The item is already “%(status)s”: choose another "
                                          "status."), params={
                "status": AgendaStatus(status).label})
        return status


class AgendaFilterForm(forms.Form):
    """The public page's filters. Unknown values are reported and left out."""

    level = forms.ChoiceField(label=_("Level"), required=False)
    issue = forms.ChoiceField(label=_("Issue area"), required=False)

    def __init__(self, *args, levels: list[tuple[str, str]],
                 issue_areas: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("All levels")), *levels]
        self.fields["issue"].choices = [("", _("All issue areas")), *issue_areas]
        self.fields["level"].error_messages["invalid_choice"] = _(
            "There is no level “%(value)s” in this agenda; showing every level.")
        self.fields["issue"].error_messages["invalid_choice"] = _(
            "There is no issue area “%(value)s” in this agenda; showing every issue area.")

    def filters(self) -> tuple[str, str]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("level", ""), data.get("issue", "")
