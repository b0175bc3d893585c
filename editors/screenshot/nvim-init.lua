-- Neovim 0.7: the built-in LSP client started by hand (vim.lsp.start arrived in 0.8)
vim.cmd('syntax on')
vim.o.termguicolors = false
vim.o.completeopt = 'menuone,noinsert'
vim.o.pumheight = 14
vim.o.number = true
vim.o.laststatus = 2
vim.cmd('colorscheme default')
vim.cmd('hi Pmenu ctermbg=254 ctermfg=16')
vim.cmd('hi PmenuSel ctermbg=25 ctermfg=231 cterm=bold')
vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
  pattern = { '*.law', '*.feature' },
  callback = function(args)
    local client = vim.lsp.start_client({
      name = 'statute',
      cmd = { vim.env.STATUTE or 'statute', 'lsp' },
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, client)
    vim.bo[args.buf].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end,
})
