-- typeset: LuaTeX's Lua, restricted before the format loads (luatex --lua=this file).
--
-- A manuscript's {=latex} blocks reach TeX unescaped, so \directlua is untrusted code.
-- This script runs before anything else in the Lua state and replaces every function
-- that reaches the file system or the operating system by a checked one:
--   * reading (io.open, io.lines, io.input, loadfile, dofile, lfs.dir/attributes, the
--     font and image loaders, file-finding callbacks) only below the folders named in
--     TYPESET_SANDBOX_READ (the build folder, the TeX installation, the font folders);
--   * writing (io.open "w"/"a"/"+", io.output, os.remove, os.rename, lfs.mkdir, ...)
--     only below TYPESET_SANDBOX_WRITE (the build folder and its private font cache);
--   * no processes, no C libraries, no environment changes: os.execute, io.popen,
--     os.exec, os.spawn, os.kpsepopen, package.loadlib, the C searchers, ffi and
--     lfs.link are gone or answer nil, os.setenv refuses the variables that steer
--     kpathsea (LuaTeX's core then makes it a no-op), lfs.chdir only pretends; the debug
--     library keeps traceback, getinfo, and getupvalue for functions not of this script;
--   * load() takes text chunks, and bytecode only as string.dump made it in this run; a
--     binary file (a font cache's .luc) loads only from
--     below TYPESET_SANDBOX_BINARY that this run did not write.
-- Paths are made absolute against the build folder and normalised lexically (".." and
-- "." removed) before the check; the sandboxed code cannot create symbolic links.
-- A refusal is a Lua error "typeset-sandbox: <what> <path> is not allowed", which
-- TeX reports as an error and the engine turns into a diagnostic.

local getenv, error, type, select = os.getenv, error, type, select
local find, sub, gsub, gmatch = string.find, string.sub, string.gsub, string.gmatch
local concat, insert, remove = table.concat, table.insert, table.remove
local currentdir = lfs.currentdir
local cwd = currentdir()

local function split(value)
  local list = {}
  for item in gmatch(value or "", "[^\n]+") do
    insert(list, item)
  end
  return list
end

local function normal(path)
  if type(path) ~= "string" then
    return nil
  end
  if sub(path, 1, 1) ~= "/" then
    path = cwd .. "/" .. path
  end
  local parts = {}
  for part in gmatch(path, "[^/]+") do
    if part == ".." then
      remove(parts)
    elseif part ~= "." then
      insert(parts, part)
    end
  end
  return "/" .. concat(parts, "/")
end

local function roots(name)
  local list = {}
  for _, root in ipairs(split(getenv(name))) do
    insert(list, normal(root))
  end
  return list
end

local readable = roots("TYPESET_SANDBOX_READ")
local writable = roots("TYPESET_SANDBOX_WRITE")
local binary = roots("TYPESET_SANDBOX_BINARY")
for _, root in ipairs(writable) do
  insert(readable, root)
end

local function below(path, list)
  local full = normal(path)
  if not full then
    return false
  end
  for _, root in ipairs(list) do
    if full == root or sub(full, 1, #root + 1) == root .. "/" or root == "/" then
      return true
    end
  end
  return false
end

local function refuse(what, path)
  error("typeset-sandbox: " .. what .. " " .. tostring(path) .. " is not allowed", 3)
end

local function may_read(what, path)
  if not below(path, readable) then
    refuse(what, path)
  end
end

local function may_write(what, path)
  if not below(path, writable) then
    refuse(what, path)
  end
end

local written = {}

-- io ----------------------------------------------------------------------------------

local io_open, io_lines, io_input, io_output = io.open, io.lines, io.input, io.output

function io.open(path, mode)
  mode = mode or "r"
  if find(mode, "[wa+]") then
    may_write("writing", path)
    written[normal(path)] = true
  elseif not below(path, readable) then
    -- a missing file is missing, as for any probe; an existing one is refused
    local handle, problem = io_open(path, "r")
    if not handle then
      return nil, problem
    end
    handle:close()
    refuse("reading", path)
  end
  return io_open(path, mode)
end

function io.lines(path, ...)
  if path ~= nil then
    may_read("reading", path)
  end
  return io_lines(path, ...)
end

function io.input(file)
  if type(file) == "string" then
    may_read("reading", file)
  end
  return io_input(file)
end

function io.output(file)
  if type(file) == "string" then
    may_write("writing", file)
    written[normal(file)] = true
  end
  return io_output(file)
end

-- as in a LuaTeX without shell escape: no process, a nil result and the reason
local function no_process()
  return nil, "typeset-sandbox: starting a process is not allowed"
end
io.popen = no_process

-- os ----------------------------------------------------------------------------------

local os_remove, os_rename = os.remove, os.rename

function os.remove(path)
  may_write("removing", path)
  return os_remove(path)
end

function os.rename(old, new)
  may_write("renaming", old)
  may_write("renaming to", new)
  return os_rename(old, new)
end

for _, name in ipairs({"execute", "exec", "spawn", "kpsepopen"}) do
  os[name] = no_process
end
os.tmpdir = nil

-- lualibs sets a few variables of its own; none that steers kpathsea or this script
local os_setenv, lower = os.setenv, string.lower
local steering = {"openin", "openout", "shell", "texmf", "inputs", "kpse", "path", "home",
                  "typeset", "font", "cnf", "web2c", "tmp", "temp", "dir", "cache"}

function os.setenv(name, value)
  local key = lower(tostring(name))
  for _, part in ipairs(steering) do
    if find(key, part, 1, true) then
      refuse("setting the variable", name)
    end
  end
  return os_setenv(name, value)
end

-- lfs ---------------------------------------------------------------------------------

local function reading(original, what)
  if original == nil then
    return nil
  end
  return function(path, ...)
    may_read(what, path)
    return original(path, ...)
  end
end

local function writing(original, what)
  if original == nil then
    return nil
  end
  return function(path, ...)
    may_write(what, path)
    return original(path, ...)
  end
end

-- a stat of a file outside is no error (font searches probe many paths): it is "absent"
local function probing(original)
  if original == nil then
    return nil
  end
  return function(path, ...)
    if not below(path, readable) then
      return nil, "typeset-sandbox: outside the allowed folders"
    end
    return original(path, ...)
  end
end

lfs.dir = reading(lfs.dir, "listing")
for _, name in ipairs({"attributes", "symlinkattributes"}) do
  lfs[name] = probing(lfs[name])
end
-- LuaTeX's own core script adds these after this one, unless they exist
local attributes, symlinkattributes = lfs.attributes, lfs.symlinkattributes

function lfs.isfile(name)
  local mode = attributes(name, "mode")
  return mode == "file" or mode == "link"
end

function lfs.isdir(name)
  return attributes(name, "mode") == "directory"
end

function lfs.readlink(name)
  return symlinkattributes(name, "target") or nil
end
for _, name in ipairs({"mkdir", "rmdir", "touch", "lock_dir", "setmode"}) do
  lfs[name] = writing(lfs[name], "changing")
end
lfs.link, lfs.mkdirp = nil, writing(lfs.mkdirp, "changing")

-- The process stays in the build folder (TeX's own relative reads and writes depend on
-- it). luaotfload changes into a font folder and back to resolve its name, so chdir
-- only moves the folder currentdir reports.
local virtual = cwd

function lfs.chdir(path)
  local full = normal(path)
  if full and below(full, readable) and attributes(full, "mode") == "directory" then
    virtual = full
    return true
  end
  return nil, "typeset-sandbox: changing the folder is not allowed"
end

function lfs.currentdir()
  return virtual
end

-- Lua code ----------------------------------------------------------------------------

local lua_load, lua_loadfile, string_dump = load, loadfile, string.dump
-- bytecode this run made with string.dump (of code compiled from text): lualibs strips
-- its functions by load(string.dump(f, true)); any other binary string is refused
local dumped = {}

function string.dump(...)
  local code = string_dump(...)
  dumped[code] = true
  return code
end

function load(chunk, name, mode, env)
  local chunk_mode = "t"
  if type(chunk) == "string" and dumped[chunk] then
    chunk_mode = "bt"
  end
  if env == nil then
    return lua_load(chunk, name, chunk_mode)
  end
  return lua_load(chunk, name, chunk_mode, env)
end

function loadfile(path, mode, env)
  if path == nil then
    refuse("loading Lua from", "standard input")
  end
  may_read("loading Lua from", path)
  local full = normal(path)
  local chunk_mode = "t"
  if below(full, binary) and not written[full] then
    chunk_mode = "bt"
  end
  if env == nil then
    return lua_loadfile(path, chunk_mode)
  end
  return lua_loadfile(path, chunk_mode, env)
end

function dofile(path)
  local chunk, problem = loadfile(path)
  if not chunk then
    error(problem, 2)
  end
  return chunk()
end

-- modules: Lua files found on package.path or by kpathsea, through the checked loadfile
-- (LuaTeX's core script empties ffi itself when shell escape is off, as here)
package.loadlib = nil
package.cpath = ""

local function lua_searcher(name)
  local file = name:gsub("%.", "/")
  local tried = {}
  for pattern in gmatch(package.path, "[^;]+") do
    local path = gsub(pattern, "%?", file)
    if below(path, readable) then
      local handle = io_open(path, "r")
      if handle then
        handle:close()
        return loadfile(path), path
      end
    end
    insert(tried, "\n\tno file '" .. path .. "'")
  end
  if kpse and kpse.find_file then
    local ok, path = pcall(kpse.find_file, name, "lua")
    if ok and path and below(path, readable) then
      return loadfile(path), path
    end
  end
  return concat(tried)
end

-- the preloaded modules (ffi among them, for the core script), then Lua files only
package.searchers = {package.searchers[1], lua_searcher}
package.loaders = package.searchers

-- the debug library could read (or replace) the upvalues of this script's functions,
-- the unchecked originals: getupvalue answers for other functions only (lua-ul looks up
-- luatexbase's callback.register that way), and the rest of the library is gone
local getinfo, getupvalue, traceback = debug.getinfo, debug.getupvalue, debug.traceback
local own = getinfo(1, "S").source

local function guarded_getupvalue(fn, index)
  if type(fn) ~= "function" or getinfo(fn, "S").source == own then
    return nil
  end
  return getupvalue(fn, index)
end

debug = {traceback = traceback, getinfo = getinfo, getupvalue = guarded_getupvalue}
package.loaded.debug = debug

-- loaders of fonts, images and PDFs that take a file name
local function guard_name_field(original, what)
  if original == nil then
    return nil
  end
  return function(spec, ...)
    if type(spec) == "table" and spec.filename ~= nil then
      may_read(what, spec.filename)
    elseif type(spec) == "string" then
      may_read(what, spec)
    end
    return original(spec, ...)
  end
end

if fontloader then
  fontloader.open = reading(fontloader.open, "reading the font")
  fontloader.info = reading(fontloader.info, "reading the font")
end
if img then
  for _, name in ipairs({"new", "scan", "write", "immediatewrite", "node"}) do
    img[name] = guard_name_field(img[name], "reading the image")
  end
end
for _, library in ipairs({pdfe or false, epdf or false}) do
  if library and library.open then
    library.open = reading(library.open, "reading the PDF")
  end
end

-- MetaPost opens the files its finder names
if mplib and mplib.new then
  local mplib_new = mplib.new
  function mplib.new(spec, ...)
    if type(spec) == "table" and type(spec.find_file) == "function" then
      local finder = spec.find_file
      spec.find_file = function(name, mode, ...)
        local found = finder(name, mode, ...)
        if type(found) == "string" and found ~= "" then
          if mode == "w" then
            may_write("writing", found)
          else
            may_read("reading", found)
          end
        end
        return found
      end
    end
    return mplib_new(spec, ...)
  end
end

-- callbacks that name files: the name they return is checked too
local register = callback.register
local finders = {
  find_write_file = may_write, find_output_file = may_write,
}

function callback.register(name, handler, ...)
  if type(handler) == "function" and type(name) == "string" and sub(name, 1, 5) == "find_" then
    local check = finders[name] or may_read
    local original = handler
    handler = function(...)
      local found = original(...)
      if type(found) == "string" and found ~= "" then
        check("opening", found)
      end
      return found
    end
  end
  return register(name, handler, ...)
end

texio.write_nl("log", "typeset-sandbox: Lua restricted")
