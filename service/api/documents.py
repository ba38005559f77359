"""The documents: list, get, add (write scope), delete (admin scope); and /stats."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from service.api.errors import responses
from service.api.security import require_admin, require_read, require_write
from service.api.state import get_desk
from service.engine import Newsdesk
from service.models import (FILE_DOC_ID_MAX, ArticleIn, Deleted, Document, DocumentList, DocumentQuery,
                            IngestResult, Stats)

router = APIRouter(tags=["documents"], responses=responses(401, 503))
Desk = Annotated[Newsdesk, Depends(get_desk)]
# No pattern here: ids of articles loaded from files are file names, which may hold any character.
DocId = Annotated[str, Path(description="The document's id.", min_length=1, max_length=FILE_DOC_ID_MAX,
                            examples=["002_prisoner_swap"])]


def _not_found(doc_id: str) -> HTTPException:
    return HTTPException(404, f"no document with doc_id {doc_id!r}")  # at most FILE_DOC_ID_MAX characters


@router.get("/documents", response_model=DocumentList, dependencies=[Depends(require_read)],
            responses=responses(422), summary="List the indexed documents, filtered and paged")
def list_documents(query: Annotated[DocumentQuery, Query()], desk: Desk) -> DocumentList:
    total, documents = desk.list_documents(query.filters(), query.limit, query.offset)
    return DocumentList(count=len(documents), total=total, offset=query.offset, documents=documents)


@router.get("/documents/{doc_id}", response_model=Document, dependencies=[Depends(require_read)],
            responses=responses(404, 422), summary="One document with its full text")
def get_document(doc_id: DocId, desk: Desk) -> Document:
    document = desk.document(doc_id)
    if document is None:
        raise _not_found(doc_id)
    return document


@router.post("/documents", response_model=IngestResult, status_code=201, dependencies=[Depends(require_write)],
             responses=responses(400, 403, 409, 413, 422), summary="Add (or replace) one article")
def add_document(article: ArticleIn, desk: Desk) -> IngestResult:
    report = desk.add_record(article.model_dump(exclude_none=True))
    return IngestResult(added=report.added, unchanged=report.unchanged, replaced=report.replaced, chunks=report.chunks)


@router.delete("/documents/{doc_id}", response_model=Deleted, dependencies=[Depends(require_admin)],
               responses=responses(403, 404, 422), summary="Delete one document (admin)")
def delete_document(doc_id: DocId, desk: Desk) -> Deleted:
    if not desk.delete(doc_id):
        raise _not_found(doc_id)
    return Deleted(deleted=doc_id)


@router.get("/stats", response_model=Stats, dependencies=[Depends(require_read)], summary="What the index holds")
def stats(desk: Desk) -> Stats:
    return desk.stats()
