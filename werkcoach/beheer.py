"""Scoping of the beheer (Django admin) pages through the access policy.

``GemeenteBeheerMixin`` is the one place where an admin page is limited to the beheerder's own
gemeenten: the list and every object page (an object of another gemeente is a 404), the
add/change/delete rights, the choices of every gemeente, team, pilot and organisation field,
and a form check that refuses moving an object into or out of a gemeente the beheerder does not
manage. The rules themselves live in ``werkcoach.access``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.db import models
from django.db.models import Q
from django.http import Http404

from werkcoach import access
from werkcoach.formvelden import BedragField

ONBEHEERDE_GEMEENTE = "Kies een gemeente die u beheert."
ALLEEN_APPLICATIEBEHEER = "Alleen de applicatiebeheerder kan dit wijzigen."
_VAN_DE_POLICY = object()  # gemeente_veld not set: the path from access.BEHEER_GEMEENTE_PAD


if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

    _Basis = ModelAdmin[Any]
else:
    _Basis = object


class GemeenteBeheerMixin(_Basis):
    """Mix into a ``ModelAdmin`` of a gemeente-owned model (see ``access.BEHEER_GEMEENTE_PAD``).

    - ``gemeente_veld``: the path to the owning gemeente; taken from the access policy.
      ``None``: the model belongs to no gemeente and is for a superuser only.
    - ``regionaal_zichtbaar``: objects without a gemeente (regional entries, national holidays)
      are shown to a beheerder, read-only.
    - ``behoud_onbeheerd``: many-to-many fields (name -> path from the related model to its
      gemeente) whose values in gemeenten the beheerder does not manage are kept on save: the
      form offers only their own, and saving must not strip another gemeente's.
    - ``gemeente_verplicht``: a beheerder's object must keep at least one managed gemeente
      (otherwise it would become regional, which is for a superuser).

    Every amount in beheer is typed the Dutch way, as everywhere in the application.
    """

    formfield_overrides = {models.DecimalField: {"form_class": BedragField}}

    gemeente_veld: ClassVar[str | None | object] = _VAN_DE_POLICY
    regionaal_zichtbaar: ClassVar[bool] = False
    behoud_onbeheerd: ClassVar[dict[str, str]] = {}
    gemeente_verplicht: ClassVar[bool] = True

    # --- which objects -----------------------------------------------------------------------

    def _gemeente_veld(self) -> str | None:
        if self.gemeente_veld is _VAN_DE_POLICY:
            return access.BEHEER_GEMEENTE_PAD.get(self.model._meta.label_lower)
        return self.gemeente_veld  # type: ignore[return-value]

    def beheer_q(self, user) -> Q:
        """The objects this user may change."""
        veld = self._gemeente_veld()
        if veld is None:
            return Q() if access.beheert_alles(user) else access.NIETS
        return access.beheer_gemeenten_q(user, veld)

    def _zichtbaar_q(self, user) -> Q:
        veld = self._gemeente_veld()
        if not self.regionaal_zichtbaar or access.beheert_alles(user):
            return self.beheer_q(user)
        if veld is None:
            return Q()  # regional only: everyone in beheer reads it
        return self.beheer_q(user) | Q(**{f"{veld}__isnull": True})

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if access.beheert_alles(request.user):
            return qs
        # A subquery, so that a many-to-many path does not repeat rows.
        binnen = self.model._default_manager.filter(self._zichtbaar_q(request.user))
        return qs.filter(pk__in=binnen.values("pk"))

    def in_beheer(self, request, obj) -> bool:
        if obj is None or obj.pk is None or access.beheert_alles(request.user):
            return True
        return self.model._default_manager.filter(self.beheer_q(request.user), pk=obj.pk).exists()

    def get_object(self, request, object_id, from_field=None):
        # Outside the beheerder's scope is the same as not there: 404, as everywhere else.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("Dit object bestaat niet of valt buiten uw beheer.")
        return obj

    # --- rights ------------------------------------------------------------------------------

    def _geen_gemeente(self, request) -> bool:
        """The model belongs to no gemeente and the user is not a superuser."""
        return self._gemeente_veld() is None and not access.beheert_alles(request.user)

    def has_module_permission(self, request):
        if self._geen_gemeente(request) and not self.regionaal_zichtbaar:
            return False
        return super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if self._geen_gemeente(request) and not self.regionaal_zichtbaar:
            return False
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        if self._geen_gemeente(request):
            return False
        if not access.beheert_alles(request.user) and not access.beheer_gemeente_ids(request.user):
            return False
        return super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        if self._geen_gemeente(request):
            return False
        return self.in_beheer(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._geen_gemeente(request):
            return False
        return self.in_beheer(request, obj) and super().has_delete_permission(request, obj)

    # --- choices -----------------------------------------------------------------------------

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        keuzes = access.beheer_keuzes(request.user, db_field.related_model)
        if keuzes is not None:
            kwargs["queryset"] = keuzes
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        keuzes = access.beheer_keuzes(request.user, db_field.related_model)
        if keuzes is not None and "queryset" not in kwargs:
            kwargs["queryset"] = keuzes
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request):
        # Filter choices from the objects shown, not every gemeente's.
        from django.contrib.admin import RelatedOnlyFieldListFilter

        filters: list[Any] = []
        for f in super().get_list_filter(request):
            if isinstance(f, str) and "__" not in f and _gemeente_eigendom(self.model, f):
                filters.append((f, RelatedOnlyFieldListFilter))
            else:
                filters.append(f)
        return filters

    # --- the form ----------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if access.beheert_alles(request.user):
            return form
        _huidige_waarde_behouden(form, obj)
        mixin = self

        class BeheerForm(form):  # type: ignore[misc, valid-type]
            def clean(self):
                cleaned = super().clean()
                mixin.gemeente_controleren(request, obj, self)
                return cleaned

        return BeheerForm

    def gemeente_controleren(self, request, obj, form) -> None:
        """Refuse an object that would move into or out of a gemeente the beheerder does not
        manage, or become regional (no gemeente)."""
        veld = self._gemeente_veld()
        if veld is None:
            form.add_error(None, ALLEEN_APPLICATIEBEHEER)
            return
        if obj is not None and not self.in_beheer(request, obj):
            form.add_error(None, ALLEEN_APPLICATIEBEHEER)
            return
        eigen = access.beheer_gemeente_ids(request.user)
        if veld in form.fields and veld in self.behoud_onbeheerd:
            gekozen = {g.pk for g in form.cleaned_data.get(veld) or []}
            behouden = self._onbeheerd(obj, veld, eigen)
            if gekozen - eigen or self.gemeente_verplicht and not gekozen and not behouden:
                form.add_error(veld, ONBEHEERDE_GEMEENTE)
        elif veld in form.fields:
            gemeente = form.cleaned_data.get(veld)
            if gemeente is None or gemeente.pk not in eigen:
                form.add_error(veld, ONBEHEERDE_GEMEENTE)

    def _onbeheerd(self, obj, veld: str, eigen: frozenset[int]) -> list[int]:
        if obj is None or obj.pk is None:
            return []
        pad = self.behoud_onbeheerd[veld]
        return list(
            getattr(obj, veld).exclude(**{f"{pad}__in": eigen}).values_list("pk", flat=True)
        )

    def save_related(self, request, form, formsets, change):
        if change and not access.beheert_alles(request.user):
            eigen = access.beheer_gemeente_ids(request.user)
            for veld in self.behoud_onbeheerd:
                if veld not in form.cleaned_data:
                    continue  # read-only here: not saved at all
                gekozen = [o.pk for o in form.cleaned_data[veld]]
                behouden = self._onbeheerd(form.instance, veld, eigen)
                model = self.model._meta.get_field(veld).related_model
                form.cleaned_data[veld] = model._default_manager.filter(
                    pk__in=[*gekozen, *behouden]
                )
        super().save_related(request, form, formsets, change)


def _huidige_waarde_behouden(form, obj) -> None:
    """A foreign key whose current value lies outside the beheerder's choices (an account's
    organisation serving another gemeente) stays valid: the choice adds the current value."""
    if obj is None:
        return
    for naam, veld in form.base_fields.items():
        if isinstance(veld, forms.ModelChoiceField) and not isinstance(
            veld, forms.ModelMultipleChoiceField
        ):
            huidig = getattr(obj, f"{naam}_id", None)
            keuzes = veld.queryset
            if huidig is not None and keuzes is not None and not keuzes.filter(pk=huidig).exists():
                veld.queryset = keuzes.model._default_manager.filter(
                    Q(pk__in=keuzes.values("pk")) | Q(pk=huidig)
                )


def _gemeente_eigendom(model, veld: str) -> bool:
    """``veld`` of ``model`` points to a gemeente-owned model (a gemeente, team, pilot...)."""
    doel = model._meta.get_field(veld).related_model
    return doel is not None and doel._meta.label_lower in access.BEHEER_GEMEENTE_PAD
