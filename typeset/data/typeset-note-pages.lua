-- typeset: report the page each footnote is printed on, without changing the page.
--
-- The TeX side (typeset-note-pages.tex) sets a LuaTeX attribute to the note's number
-- at the start of each footnote's text. Attributes add no nodes, so the
-- typeset result is unchanged. Just before each page is shipped out this
-- scans the page for nodes carrying the attribute and writes one log line per
-- note, at the first page holding any of its text:
--   typeset-note-page: <note number> <page, 1-based position in the PDF>
typeset_notes = typeset_notes or {}

local attribute = luatexbase.new_attribute("typeset_note")
local hlist, vlist = node.id("hlist"), node.id("vlist")
local shipped = 0
local printed = {}

local function scan(head)
  for item in node.traverse(head) do
    local number = node.has_attribute(item, attribute)
    if number and not printed[number] then
      printed[number] = shipped
      texio.write_nl("log", "typeset-note-page: " .. number .. " " .. shipped)
    end
    if item.id == hlist or item.id == vlist then
      scan(item.head)
    end
  end
end

function typeset_notes.mark(text)
  local number = tonumber(text)
  if number then
    tex.setattribute(attribute, number)
  end
end

luatexbase.add_to_callback("pre_shipout_filter", function(head)
  shipped = shipped + 1
  scan(head)
  return true
end, "typeset.note_pages")
