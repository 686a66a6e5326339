"""The input of an image or file question: a protocol photo chosen from disk or dropped on it.

The input reads the file and hands its bytes on (`file_chosen`); the form view has the
store keep them, and only when they are kept does the input show the thumbnail and emit
the answer, so what the observer sees attached is what is stored. A file the question
does not take is refused beside the input, in the observer's language, and nothing is
stored. A file over the limit is refused from its size alone, before it is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from observer_app.formspec import CompiledForm
from observer_app.formspec.attachments import (
    IMAGE_TYPES,
    JPEG,
    PDF,
    PNG,
    AttachmentQuestion,
    AttachmentRef,
    AttachmentRefused,
    accept_attachment,
    reference_problem,
    too_large,
)
from observer_app.formspec.models import ImageQuestion
from observer_app.ui.i18n import _, current_language
from observer_app.ui.inputs import AnswerInput
from observer_app.ui.typed_fields import Refusal, RefusalLabel

#: The thumbnail's box on the form, in pixels.
THUMBNAIL = QSize(320, 220)


class AttachmentInput(AnswerInput):
    """A drop area with the thumbnail (or the file's name), "Choose file…" and "Remove"."""

    #: The observer chose a file: its name and bytes, for the form view to have stored.
    file_chosen = Signal(str, bytes)

    def __init__(self, question: AttachmentQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self._ref: AttachmentRef | None = None
        self.setAcceptDrops(True)
        self.area = QFrame(self)
        self.area.setObjectName("attachment_area")
        self.area.setFrameShape(QFrame.Shape.StyledPanel)
        self.area.setStyleSheet("#attachment_area { border: 1px dashed #8a8f98; }")
        self.thumbnail = QLabel(self.area)
        self.thumbnail.setObjectName("attachment_thumbnail")
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setMinimumSize(THUMBNAIL.width() // 2, THUMBNAIL.height() // 2)
        self.thumbnail.setMaximumSize(THUMBNAIL)
        self.caption = QLabel(self.area)
        self.caption.setObjectName("attachment_caption")
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self.area)
        self.choose_button.setObjectName("attachment_choose")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_file)
        self.remove_button = QPushButton(self.area)
        self.remove_button.setObjectName("attachment_remove")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove)
        self.refusal = RefusalLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        inside = QVBoxLayout(self.area)
        inside.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignLeft)
        inside.addWidget(self.caption)
        inside.addLayout(buttons)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.area)
        column.addWidget(self.refusal)
        self.relabel_fields()
        self._show(None, None)

    # -- texts ------------------------------------------------------------------------

    def relabel_fields(self) -> None:
        photo = isinstance(self.question, ImageQuestion)
        self.choose_button.setText(_("Choose photo…") if photo else _("Choose file…"))
        self.remove_button.setText(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove the attached file"))
        if self._ref is None:
            empty = _("No photo yet: choose or drop one here (JPEG or PNG, up to {limit}).")
            if not photo:
                empty = _("No file yet: choose or drop one here (PDF, JPEG or PNG, up to {limit}).")
            self.caption.setText(empty.format(limit=shown_size(self.question.max_bytes)))
        self.refusal.relabel()

    def relabel(self, form: CompiledForm) -> None:
        self.relabel_fields()

    # -- the answer -------------------------------------------------------------------

    def value(self) -> Any:
        return self._ref.to_answer() if self._ref is not None else None

    def set_value(self, value: Any) -> None:
        """Show a stored answer; its bytes come with `show_content` once they are read."""
        ref = AttachmentRef.from_answer(value) if reference_problem(value) is None else None
        self._show(ref, None)

    def show_content(self, content: bytes | None) -> None:
        """The stored bytes of the answered file, for its thumbnail."""
        self._show(self._ref, content)

    def focus_target(self) -> QWidget:
        return self.choose_button

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 - Qt's name
        super().setEnabled(enabled)
        self.setAcceptDrops(enabled)

    # -- choosing ---------------------------------------------------------------------

    def choose_file(self) -> None:
        photo = isinstance(self.question, ImageQuestion)
        patterns = "*.jpg *.jpeg *.png" if photo else "*.pdf *.jpg *.jpeg *.png"
        kinds = _("Photos") if photo else _("Documents and photos")
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.choose_button.text(), "", f"{kinds} ({patterns});;{_('All files')} (*)"
        )
        if chosen:
            self.take_file(Path(chosen))

    def take_file(self, path: Path) -> None:
        """Read `path` and hand it on to be stored, or say beside the input why not."""
        self.refusal.clear_refusal()
        try:
            size = path.stat().st_size
            if size > self.question.max_bytes:
                self.refuse(too_large(path.name, size, self.question.max_bytes))
                return
            data = path.read_bytes()
            accept_attachment(self.question, path.name, data)  # refused here, on the spot
        except AttachmentRefused as refused:
            self.refuse(refused)
            return
        except OSError as error:
            reason = error.strerror or str(error)
            name = path.name
            self.refusal.refuse(
                Refusal(
                    None,
                    message=lambda: _("{file}: cannot be read ({reason}).").format(
                        file=name, reason=reason
                    ),
                )
            )
            return
        self.file_chosen.emit(path.name, data)

    def accept(self, ref: AttachmentRef, content: bytes) -> None:
        """The store kept the file: show it, and answer with it."""
        self.refusal.clear_refusal()
        self._show(ref, content)
        self.edited.emit(self.value())

    def refuse(self, refused: AttachmentRefused) -> None:
        """Say beside the input, in the observer's language, why the file was not taken."""
        self.refusal.refuse(Refusal(None, message=lambda: refusal_text(refused)))

    def remove(self) -> None:
        self.refusal.clear_refusal()
        if self._ref is None:
            return
        self._show(None, None)
        self.edited.emit(None)

    # -- dropping ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self.isEnabled() and _dropped_path(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = _dropped_path(event)
        if path is None or not self.isEnabled():
            event.ignore()
            return
        event.acceptProposedAction()
        self.take_file(path)

    # -- showing ----------------------------------------------------------------------

    def _show(self, ref: AttachmentRef | None, content: bytes | None) -> None:
        self._ref = ref
        self.remove_button.setVisible(ref is not None)
        if ref is None:
            self.thumbnail.clear()
            self.thumbnail.hide()
            self.relabel_fields()
            return
        self.caption.setText(f"{ref.name} · {shown_size(ref.size)}")
        self.caption.setAccessibleName(self.caption.text())
        shown = content is not None and ref.media_type in IMAGE_TYPES
        pixmap = thumbnail(content) if shown and content is not None else None
        if pixmap is not None:
            self.thumbnail.setPixmap(pixmap)
            self.thumbnail.setAccessibleName(_("Thumbnail of {file}").format(file=ref.name))
        else:
            self.thumbnail.setText(_KIND_MARKS.get(ref.media_type, ""))
        self.thumbnail.show()


_KIND_MARKS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}


def thumbnail(content: bytes) -> QPixmap | None:
    """The photo upright (as its EXIF orientation says) and scaled into the thumbnail box.

    The reader scales while it decodes, so a 12-megapixel photo never sits in memory whole.
    """
    data = QByteArray(content)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (size.width() > THUMBNAIL.width() or size.height() > THUMBNAIL.height()):
        reader.setScaledSize(size.scaled(THUMBNAIL * 2, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    if image.isNull():
        return None
    scaled = image.scaled(
        THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    return QPixmap.fromImage(scaled)


def refusal_text(refused: AttachmentRefused) -> str:
    """Why a file was not taken, in the window's language."""
    kinds = {
        JPEG: _("a JPEG image"),
        PNG: _("a PNG image"),
        PDF: _("a PDF document"),
    }
    if refused.kind == "empty":
        reason = _("the file is empty.")
    elif refused.kind == "too_large":
        size, limit = shown_size(refused.size), shown_size(refused.limit)
        if size == limit:  # just over: the bytes say by how much
            size, limit = (
                shown_size(refused.size, exact=True),
                shown_size(refused.limit, exact=True),
            )
        reason = _("{size} is over the limit of {limit}.").format(size=size, limit=limit)
    elif refused.kind == "wrong_type":
        found = kinds[refused.found] if refused.found in kinds else _("not a file of a known type")
        wanted = _(" or ").join(kinds[t] for t in refused.allowed)
        reason = _("the content is {found}; this question takes {wanted}.").format(
            found=found, wanted=wanted
        )
    else:
        reason = refused.reason
    return f"{refused.name}: {reason}"


def shown_size(size: int, *, exact: bool = False) -> str:
    """A file's size in the window's language: "2,4 МБ" in Russian, "2.4 MB" in English."""
    if exact or size < 1024:
        return _("{count} bytes").format(count=f"{size:,}".replace(",", "\u00a0"))
    if size < 1024 * 1024:
        number, unit = size / 1024, _("KB")
    else:
        number, unit = size / (1024 * 1024), _("MB")
    figure = f"{number:.1f}"
    if current_language() != "en":
        figure = figure.replace(".", ",")
    return f"{figure}\u00a0{unit}"


def _dropped_path(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The one local file being dropped, or None (several files, a link, text)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    urls = [url for url in mime.urls() if url.isLocalFile()]
    if len(urls) != 1 or len(mime.urls()) != 1:
        return None
    return Path(urls[0].toLocalFile())
