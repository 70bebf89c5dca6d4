"""The one upload → preview → confirm sequence every import page runs."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from schools.workbooks import PendingConfirmForm
from schools.workbooks import import_steps
from schools.workbooks import pending_load
from schools.workbooks import pending_save

PURPOSE = "test-import:user:1"


class ConfirmForm(forms.Form):
    token = forms.CharField()


def _request(method: str, data: dict | None = None):
    factory = RequestFactory()
    request = getattr(factory, method)("/import/", data or {})
    request._messages = CookieStorage(request)
    return request


def _steps(request, calls: list, kept: str = ""):
    def upload():
        calls.append("upload")
        return {"preview": "what would change", **({"token": kept} if kept else {})}

    def confirm(form, pending):
        calls.append(("confirm", pending.name, pending.data))
        return HttpResponse("imported", status=201)

    def show(step):
        calls.append(("show", step))
        return HttpResponse("page")

    return import_steps(
        request,
        purpose=PURPOSE,
        upload=upload,
        confirm=confirm,
        show=show,
        confirm_form=ConfirmForm,
    )


def test_a_get_shows_the_upload_form_with_nothing_read():
    calls = []
    response = _steps(_request("get"), calls)
    assert response.content == b"page"
    assert calls == [("show", {"confirm_form": None})]


def test_an_upload_is_previewed_and_shown():
    calls = []
    _steps(_request("post", {"x": "1"}), calls)
    assert calls == ["upload", ("show", {"confirm_form": None, "preview": "what would change"})]


def test_an_upload_kept_for_the_confirm_is_shown_with_the_confirm_form_carrying_its_token():
    token = pending_save(data=b"workbook", name="list.xlsx", purpose=PURPOSE)
    calls = []
    _steps(_request("post", {"x": "1"}), calls, kept=token)
    (_show, shown) = calls[1]
    assert isinstance(shown["confirm_form"], ConfirmForm)
    assert shown["confirm_form"].initial == {"token": token}
    assert "token" not in shown
    assert shown["preview"] == "what would change"


def test_the_default_confirm_form_reads_the_token():
    token = pending_save(data=b"workbook", name="list.xlsx", purpose=PURPOSE)
    calls = []

    def confirm(form, pending):
        calls.append((type(form), pending.name))
        return HttpResponse("imported")

    import_steps(
        _request("post", {"token": token}),
        purpose=PURPOSE,
        upload=lambda: {},
        confirm=confirm,
        show=lambda step: HttpResponse("page"),
    )
    assert calls == [(PendingConfirmForm, "list.xlsx")]


def test_a_confirm_gets_the_waiting_upload_and_its_answer_is_the_response():
    token = pending_save(data=b"workbook", name="list.xlsx", purpose=PURPOSE)
    calls = []
    response = _steps(_request("post", {"token": token}), calls)
    assert response.status_code == 201
    assert calls == [("confirm", "list.xlsx", b"workbook")]
    assert pending_load(token=token, purpose=PURPOSE) is not None


def test_a_confirm_for_another_purpose_goes_back_to_the_upload_form():
    token = pending_save(data=b"workbook", name="list.xlsx", purpose="elsewhere:user:2")
    request = _request("post", {"token": token})
    calls = []
    response = _steps(request, calls)
    assert response.status_code == 302
    assert response.url == "/import/"
    assert calls == []
    assert [str(m) for m in get_messages(request)] == [
        "That upload is no longer waiting; upload the file again."
    ]
