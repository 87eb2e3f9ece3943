"""Opening a segment without copying it: Whoosh-Reloaded's BufferFile over a view, not a BytesIO.

Whoosh reads a segment's files through a memory map of its compound file, one BufferFile per file,
and BufferFile.__init__ wraps its slice of the map in a BytesIO, which copies it: opening a
searcher on the BBC index copied the term and posting files of its 5 segments, 77 MB (measured),
in every web worker after every commit and in every indexer commit (its writer opens a reader to
find the documents it replaces). BufferFile's own `get()` already reads the map; its stream (for
`seek()`/`read()`: a table's header, pickles) is now a read-only view of the same bytes.

`apply()` patches the class once (search/engine/backend.py calls it on import).
"""

import io

from whoosh.filedb.structfile import BufferFile

LINE_CHUNK = 256


class ViewStream(io.RawIOBase):
    """A read-only, seekable binary stream over a buffer (a memoryview of the map), not copied."""

    def __init__(self, buffer):
        super().__init__()
        self.view = memoryview(buffer).cast("B")
        self.position = 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: len(self.view)}[whence]
        self.position = max(0, base + offset)
        return self.position

    def tell(self):
        return self.position

    def read(self, size=-1):
        end = len(self.view) if size is None or size < 0 else self.position + size
        data = bytes(self.view[self.position : end])
        self.position += len(data)
        return data

    def readinto(self, target):
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def readline(self, size=-1):
        line = b""
        while not line.endswith(b"\n") and (size < 0 or len(line) < size):
            wanted = LINE_CHUNK if size < 0 else min(LINE_CHUNK, size - len(line))
            chunk = bytes(self.view[self.position : self.position + wanted])
            if not chunk:
                break
            cut = chunk.find(b"\n") + 1 or len(chunk)
            line += chunk[:cut]
            self.position += cut
        return line


def _init(self, buf, name=None, onclose=None):
    self._buf = buf
    self._name = name
    self.file = ViewStream(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


# BufferFile's own reads go straight to the view: StructFile's delegate to `self.file`, one more
# Python call per read than a BytesIO's C methods (term lookups read a few bytes at a time).


def _read(self, size=-1):
    stream = self.file
    start = stream.position
    end = len(stream.view) if size is None or size < 0 else start + size
    data = bytes(stream.view[start:end])
    stream.position = start + len(data)
    return data


def _seek(self, offset, whence=io.SEEK_SET):
    if whence == io.SEEK_SET and offset >= 0:
        self.file.position = offset
        return offset
    return self.file.seek(offset, whence)


def _tell(self):
    return self.file.position


def apply():
    BufferFile.__init__ = _init
    BufferFile.read = _read
    BufferFile.seek = _seek
    BufferFile.tell = _tell
