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
const MAKE = Symbol('roomyMake');
const frozen = new WeakMap<object, () => Json>();

let makers = 0;
/** A function that makes the objects of one kind: `new F()` in a function of its own. Called
 *  from roomyObject for every kind, `new F()` went through V8's generic construct stub (~170
 *  instructions an object); in `make` it sees one F, and V8 allocates inline. Each has a name
 *  of its own: V8 reuses the code of a source it has compiled, and makers of one source would
 *  share one `new` site. */
function newMaker(): () => Json {
  const assigns = Array.from({ length: ROOM }, (_, i) => `this.k${i} = 0;`).join(' ');
  const F = new Function(`return function object(room) { if (room) { ${assigns} } };`)() as { prototype: object };
  F.prototype = Object.prototype;
  return new Function('F', `return function make_${++makers}() { return new F(); };`)(F) as () => Json;
}

/** The function that makes `kind`'s objects (what roomyObject(kind) calls). Generated code that
 *  makes objects of one kind calls it itself: a site that sees one function, which V8 inlines. */
export function roomyMaker(kind: object): () => Json {
  const k = kind as { [MAKE]?: () => Json };
  let make = k[MAKE] ?? frozen.get(kind);
  if (make === undefined) {
    make = newMaker();
    if (Object.isExtensible(kind)) Object.defineProperty(kind, MAKE, { value: make });
    else frozen.set(kind, make);
  }
  return make;
}

/** A new, empty plain object for one of the objects of `kind` (a declaration, any object that
 *  stands for objects of like keys). */
export function roomyObject(kind: object): Json {
  // a codec's thunk that gave no set (decoding never throws): a plain object
  if (typeof kind !== 'object' || kind === null) return {};
  return ((kind as { [MAKE]?: () => Json })[MAKE] ?? roomyMaker(kind))();
}
