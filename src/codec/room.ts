// Objects made with room for the keys they will get.
//
// A decoded message has 10 to 70 keys (envelope, header, struct fields, attributes), and a nested
// attribute set up to 60, added one at a time. An object made by `{}` holds 4 keys in itself; V8
// keeps the rest in an array beside it and copies that array to grow it, 3 keys at a time: 6-7
// copies per message of a socket dump, a quarter of all that its decode allocated. An object made
// by `new F()` has room in itself for as many keys as F's body assigns to `this` (V8 counts them
// as it parses F, whether they run or not), and V8 trims that room to what F's first seven
// objects used. So each kind of object (a message type, an attribute set) has an F of its own,
// whose assignments never run; F's prototype is Object's, so to every reader (JSON, Object.keys,
// the prototype, `constructor`) its objects are plain `{}` ones.
import type { Json } from './struct.js';

const ROOM = 64;
/** each kind's maker, kept on the kind (a property load per object, where a WeakMap lookup
 *  cost ~70 instructions); frozen kinds keep theirs in the WeakMap */
const MAKER = Symbol('roomyMaker');
const makers = new WeakMap<object, () => Json>();

/** A function that makes an object of one kind. `new F()` in a function of its own: called
 *  from roomyObject for every kind, `new make()` went through V8's generic construct stub
 *  (~170 instructions an object); here each maker's `new` sees one F, and V8 allocates inline. */
function roomyMaker(): () => Json {
  const assigns = Array.from({ length: ROOM }, (_, i) => `this.k${i} = 0;`).join(' ');
  const F = new Function(`return function object(room) { if (room) { ${assigns} } };`)() as { prototype: object };
  F.prototype = Object.prototype;
  return new Function('F', 'return function make() { return new F(); };')(F) as () => Json;
}

/** A new, empty plain object for one of the objects of `kind` (a declaration, any object that
 *  stands for objects of like keys). */
export function roomyObject(kind: object): Json {
  // a codec's thunk that gave no set (decoding never throws): a plain object
  if (typeof kind !== 'object' || kind === null) return {};
  const k = kind as { [MAKER]?: () => Json };
  let make = k[MAKER] ?? makers.get(kind);
  if (make === undefined) {
    make = roomyMaker();
    if (Object.isExtensible(kind)) Object.defineProperty(kind, MAKER, { value: make });
    else makers.set(kind, make);
  }
  return make();
}
