import zhCn from 'element-plus/es/locale/lang/zh-cn';

export { zhCn };
