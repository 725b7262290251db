"""The functioneel beheerder maintains users in the admin without being able to escalate rights."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from werkcoach.models import Gebruiker, Rol
from werkcoach.services import rollen_inrichten


def _formulier(gebruiker, **anders):
    gegevens = {
        "username": gebruiker.username,
        "first_name": gebruiker.first_name,
        "last_name": gebruiker.last_name,
        "email": gebruiker.email,
        "is_active": "on",
        "groups": [g.pk for g in gebruiker.groups.all()],
        "gemeenten": [g.pk for g in gebruiker.gemeenten.all()],
        "gebiedsteams": [t.pk for t in gebruiker.gebiedsteams.all()],
        "organisatie": gebruiker.organisatie_id or "",
        "date_joined_0": "01-01-2024",
        "date_joined_1": "10:00:00",
        "telefoon": "",
    }
    gegevens.update(anders)
    return gegevens


def _wijzig(client, gebruiker, **anders):
    url = reverse("admin:werkcoach_gebruiker_change", args=[gebruiker.pk])
    return client.post(url, _formulier(gebruiker, **anders))


def test_beheerder_cannot_make_anyone_superuser_staff_or_grant_loose_permissions(client, wereld):
    client.force_login(wereld.beheerder)
    recht = Permission.objects.get(codename="change_group")
    for gebruiker in (wereld.sociaal_werker, wereld.beheerder):
        response = _wijzig(
            client,
            gebruiker,
            is_superuser="on",
            is_staff="on",
            user_permissions=[recht.pk],
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        gebruiker.refresh_from_db()
        assert not gebruiker.is_superuser
        assert gebruiker.is_staff == (gebruiker == wereld.beheerder)
        assert not gebruiker.user_permissions.exists()
    pagina = client.get(reverse("admin:werkcoach_gebruiker_change", args=[wereld.werkcoach.pk]))
    assert 'name="is_superuser"' not in pagina.content.decode()
    assert 'name="user_permissions"' not in pagina.content.decode()


def test_beheerder_cannot_change_own_roles_or_scope(client, wereld):
    client.force_login(wereld.beheerder)
    alle_rollen = list(Group.objects.filter(name__in=Rol.values).values_list("pk", flat=True))
    response = _wijzig(
        client,
        wereld.beheerder,
        first_name="Nieuw",
        groups=alle_rollen,
        gemeenten=[wereld.nop.pk],
        gebiedsteams=[wereld.team_a.pk, wereld.team_urk.pk],
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    beheerder = Gebruiker.objects.get(pk=wereld.beheerder.pk)
    assert beheerder.first_name == "Nieuw"  # the rest of the own account stays editable
    assert beheerder.rollen == {Rol.BEHEERDER}
    assert beheerder.gemeente_ids == {wereld.nop.pk, wereld.urk.pk}
    assert not beheerder.gebiedsteams.exists()


def test_beheerder_can_still_change_roles_and_scope_of_a_colleague(client, wereld):
    client.force_login(wereld.beheerder)
    werkcoach_rol = Group.objects.get(name=Rol.WERKCOACH)
    response = _wijzig(client, wereld.sociaal_werker, groups=[werkcoach_rol.pk])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert wereld.sociaal_werker.groups.get() == werkcoach_rol


def test_beheerder_cannot_edit_or_reset_the_password_of_a_superuser(client, wereld):
    baas = Gebruiker.objects.create_superuser("baas", "baas@example.org", "geheim-en-lang-123")
    baas.gemeenten.add(wereld.nop)
    client.force_login(wereld.beheerder)
    response = _wijzig(client, baas, first_name="Overgenomen")
    assert response.status_code in (302, 403, 404)
    assert response.status_code != 302 or "Overgenomen" not in response.url
    baas.refresh_from_db()
    assert baas.first_name != "Overgenomen"
    url = reverse("admin:auth_user_password_change", args=[baas.pk])
    response = client.post(
        url, {"password1": "nieuw-wachtwoord-123!", "password2": "nieuw-wachtwoord-123!"}
    )
    baas.refresh_from_db()
    assert baas.check_password("geheim-en-lang-123")
    changelist = client.get(reverse("admin:werkcoach_gebruiker_changelist"))
    assert "baas" not in [g.username for g in changelist.context["cl"].queryset]


def test_beheerder_sees_only_users_of_own_gemeenten_and_users_without_one(client, wereld):
    nieuw = Gebruiker.objects.create_user("nieuw", "nieuw@example.org", "lang-genoeg-123!")
    wereld.beheerder.gemeenten.set([wereld.nop])
    client.force_login(wereld.beheerder)
    changelist = client.get(reverse("admin:werkcoach_gebruiker_changelist"))
    zichtbaar = {g.username for g in changelist.context["cl"].queryset}
    assert {"sw", "wc", "nieuw"} <= zichtbaar
    assert not {"swurk", "wcurk"} & zichtbaar
    response = _wijzig(client, wereld.werkcoach_urk, first_name="Anders")
    assert response.status_code in (302, 403, 404)
    wereld.werkcoach_urk.refresh_from_db()
    assert wereld.werkcoach_urk.first_name != "Anders"
    assert nieuw.pk in {g.pk for g in changelist.context["cl"].queryset}


def test_groups_choices_are_limited_to_the_role_groups(client, wereld):
    geheim = Group.objects.create(name="superrechten")
    geheim.permissions.add(Permission.objects.get(codename="change_group"))
    client.force_login(wereld.beheerder)
    response = _wijzig(client, wereld.sociaal_werker, groups=[geheim.pk])
    assert response.status_code == 200  # invalid choice
    assert not wereld.sociaal_werker.groups.filter(pk=geheim.pk).exists()
    pagina = client.get(reverse("admin:werkcoach_gebruiker_change", args=[wereld.werkcoach.pk]))
    keuzes = pagina.context["adminform"].form.fields["groups"].queryset
    assert set(keuzes.values_list("name", flat=True)) == set(Rol.values)


def test_beheerder_may_only_view_groups(client, wereld):
    # An older setup gave change/delete on groups; setting the roles up again takes it back.
    beheer = Group.objects.get(name=Rol.BEHEERDER)
    beheer.permissions.add(*Permission.objects.filter(content_type__app_label="auth"))
    rollen_inrichten()
    beheerder = Gebruiker.objects.get(pk=wereld.beheerder.pk)
    assert beheerder.has_perm("auth.view_group")
    assert not beheerder.has_perm("auth.change_group")
    assert not beheerder.has_perm("auth.add_group")
    assert not beheerder.has_perm("auth.delete_group")
    client.force_login(beheerder)
    rol = Group.objects.get(name=Rol.WERKCOACH)
    # Beheer has no page for the roles at all (their rights live in code): nothing to post to.
    url = f"/beheer/auth/group/{rol.pk}/change/"
    recht = Permission.objects.get(codename="change_group")
    assert client.post(url, {"name": rol.name, "permissions": [recht.pk]}).status_code == 404
    assert not rol.permissions.filter(pk=recht.pk).exists()


def test_admin_access_follows_the_beheerder_role(client, wereld):
    client.force_login(wereld.beheerder)
    beheer = Group.objects.get(name=Rol.BEHEERDER)
    collega = wereld.werkcoach
    response = _wijzig(
        client, collega, groups=[*collega.groups.values_list("pk", flat=True), beheer.pk]
    )
    assert response.status_code == 302
    collega.refresh_from_db()
    assert collega.is_staff
    response = _wijzig(client, collega, groups=[Group.objects.get(name=Rol.WERKCOACH).pk])
    collega.refresh_from_db()
    assert not collega.is_staff


def test_beheerder_hands_out_only_own_gemeenten(client, wereld):
    wereld.beheerder.gemeenten.set([wereld.nop])
    client.force_login(wereld.beheerder)
    pagina = client.get(reverse("admin:werkcoach_gebruiker_change", args=[wereld.werkcoach.pk]))
    veld = pagina.context["adminform"].form.fields["gemeenten"]
    assert list(veld.queryset) == [wereld.nop]
    teams = set(pagina.context["adminform"].form.fields["gebiedsteams"].queryset)
    assert wereld.team_urk not in teams and wereld.team_a in teams
