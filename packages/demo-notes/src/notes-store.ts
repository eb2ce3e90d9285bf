/**
 * The notes themselves: an in-memory store, one list per owner. Keeping it in memory keeps the
 * demo free of a database; the store is an object so tests and hosts can create fresh ones.
 */

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

/** A file attached to a note; the bytes live on disk at `path`. */
export interface Attachment {
  id: string;
  /** The name the uploader's browser gave (untrusted: only ever shown escaped or quoted). */
  filename: string;
  mimeType: string;
  size: number;
  /** Where the bytes are on disk (never shown to users). */
  path: string;
}

/** A note owned by one user. */
export interface Note {
  id: string;
  owner: string;
  title: string;
  body: string;
  createdAt: string;
  attachments: Attachment[];
}

/** What is published when a note is created: who owns it and the note. */
export interface NoteCreatedEvent {
  owner: string;
  note: Note;
}

/** The store's interface; see {@link createNotesStore}. */
export interface NotesStore {
  list(owner: string): Note[];
  get(owner: string, id: string): Note | undefined;
  create(owner: string, input: { title: string; body: string }): Note;
  remove(owner: string, id: string): Note | undefined;
  addAttachment(owner: string, id: string, attachment: Omit<Attachment, 'id'>): Attachment | undefined;
  /** Subscribes to note creations; returns the unsubscribe function. */
  onCreated(listener: (event: NoteCreatedEvent) => void): () => void;
  /** How many `onCreated` listeners are subscribed (open live pages). */
  subscriberCount(): number;
}

/** Creates an empty store. Notes are only ever looked up together with their owner. */
export function createNotesStore(): NotesStore {
  const notes = new Map<string, Note>();
  const events = new EventEmitter();
  // Every open live page subscribes; the default limit of 10 would warn with more tabs.
  events.setMaxListeners(0);

  const owned = (owner: string, id: string): Note | undefined => {
    const note = notes.get(id);
    return note && note.owner === owner ? note : undefined;
  };

  return {
    list: (owner) => [...notes.values()].filter((note) => note.owner === owner).reverse(),
    get: owned,
    create(owner, input) {
      const note: Note = {
        id: randomUUID(),
        owner,
        title: input.title,
        body: input.body,
        createdAt: new Date().toISOString(),
        attachments: [],
      };
      notes.set(note.id, note);
      events.emit('created', { owner, note } satisfies NoteCreatedEvent);
      return note;
    },
    remove(owner, id) {
      const note = owned(owner, id);
      if (note) notes.delete(id);
      return note;
    },
    addAttachment(owner, id, attachment) {
      const note = owned(owner, id);
      if (!note) return undefined;
      const added = { id: randomUUID(), ...attachment };
      note.attachments.push(added);
      return added;
    },
    onCreated(listener) {
      events.on('created', listener);
      return () => events.off('created', listener);
    },
    subscriberCount: () => events.listenerCount('created'),
  };
}
